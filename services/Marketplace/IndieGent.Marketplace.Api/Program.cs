using IndieGent.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIndieGentMessaging();
builder.AddIndieGentMarten("marketplacedb", schemaName: "marketplace");
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.Run();
