using IndieGent.Contracts.Payments;
using IndieGent.Messaging;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Consumers;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Settlement.Api.Extensions;
using IndieGent.Settlement.Api.Payments;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIndieGentMessaging(bus =>
{
    // Explicit queue names: other services consume some of the same messages on their own queues.
    bus.AddConsumer<AgentCreatedConsumer>().Endpoint(e => e.Name = "settlement-agent-created");
    bus.AddConsumer<SettlePaymentConsumer>(typeof(SettlePaymentConsumerDefinition));
    bus.AddConsumer<ReconcileSettlementConsumer>().Endpoint(e => e.Name = "settlement-reconcile");
    bus.AddRequestClient<SignTransferAuthorization>();
    bus.AddRequestClient<SignTransferTransaction>();
});
builder.AddIndieGentMarten("settlementdb", schemaName: "settlement", SettlementStoreConfiguration.Configure);
builder.AddChain();
builder.Services.AddSingleton<DepositScanner>();
builder.Services.AddHostedService<DepositScanningService>();
builder.Services.AddOptions<PaymentSettlementOptions>().BindConfiguration(PaymentSettlementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<TokenDomainProvider>();
builder.Services.AddSingleton<AuthorizationWatcher>();
builder.Services.AddHostedService<AuthorizationWatchingService>();
builder.Services.AddSingleton<FeeOracle>();
builder.Services.AddSingleton<TransferSettler>();
builder.Services.AddSingleton<TransferWatcher>();
builder.Services.AddHostedService<TransferWatchingService>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.Run();
