using IndieGent.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIndieGentMessaging();
builder.AddIndieGentMarten("walletdb", schemaName: "wallet");
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.Run();
