using IndieGent.Messaging;
using IndieGent.Settlement.Api.Consumers;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Settlement.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIndieGentMessaging(bus => bus.AddConsumer<AgentCreatedConsumer>());
builder.AddIndieGentMarten("settlementdb", schemaName: "settlement", SettlementStoreConfiguration.Configure);
builder.AddChain();
builder.Services.AddSingleton<DepositScanner>();
builder.Services.AddHostedService<DepositScanningService>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.Run();
