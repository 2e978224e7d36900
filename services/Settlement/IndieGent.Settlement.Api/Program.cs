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
builder.Services.AddChainFollower<DepositScanner>("Deposit scan",
    async (scanner, bus, ct) => await scanner.ScanOnceAsync((_, deposit, c) => bus.Publish(deposit, c), ct) is { Count: > 0 });
builder.Services.AddOptions<PaymentSettlementOptions>().BindConfiguration(PaymentSettlementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<TokenDomainProvider>();
builder.Services.AddChainFollower<AuthorizationWatcher>("Authorization scan",
    async (watcher, bus, ct) => await watcher.ScanOnceAsync((message, c) => bus.Publish(message, c), ct) > 0);
builder.Services.AddSingleton<FeeOracle>();
builder.Services.AddSingleton<TransferSettler>();
// Every open transfer is looked at once a pass; nothing to catch up on, so one pass per interval.
builder.Services.AddChainFollower<TransferWatcher>("Transfer scan",
    async (watcher, bus, ct) =>
    {
        await watcher.ScanOnceAsync(bus, ct);
        return false;
    });
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.Run();
