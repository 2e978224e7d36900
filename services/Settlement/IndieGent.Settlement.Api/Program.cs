using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Settlement.Api.Apis;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Consumers;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Settlement.Api.Extensions;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Settlement.Api.Relaying;
using IndieGent.Settlement.Api.Transfers;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedIdentity("settlement");
builder.AddIndieGentMessaging(bus =>
{
    // Explicit queue names: other services consume some of the same messages on their own queues.
    bus.AddConsumer<AgentCreatedConsumer>().Endpoint(e => e.Name = "settlement-agent-created");
    bus.AddConsumer<SettlePaymentConsumer>().Endpoint(e => e.Name = "settlement-payments");
    bus.AddConsumer<ReconcileSettlementConsumer>().Endpoint(e => e.Name = "settlement-reconcile");
    bus.AddConsumer<TreasuryCreatedConsumer>().Endpoint(e => e.Name = "settlement-treasury-created");
    bus.AddConsumer<SettleTransferConsumer>().Endpoint(e => e.Name = "settlement-transfers");
}, o => o.UseMartenOutbox());
builder.AddIndieGentMarten("settlementdb", schemaName: "settlement", SettlementStoreConfiguration.Configure);
builder.AddChain();
builder.Services.AddHttpClient(WalletSigner.ClientName, c => c.BaseAddress = new Uri("http://wallet"));
builder.Services.AddSingleton<WalletSigner>();
builder.Services.AddSingleton<SignedVersionRecovery>();
builder.AddRelayer();
builder.Services.AddSingleton<TransferRelayOutcomes>();
builder.Services.AddSingleton<IRelayOutcomes>(sp => sp.GetRequiredService<TransferRelayOutcomes>());
builder.Services.AddChainFollower<DepositScanner>("Deposit scan",
    async (scanner, session, publish, ct) => await scanner.ScanOnceAsync(session, (_, deposit, c) => publish.Publish(deposit, c), ct,
        (_, removed, c) => publish.Publish(removed, c)) is { Count: > 0 });
// The unconfirmed blocks, so that an operator sees a deposit as soon as it is mined (never credited from there).
builder.Services.AddChainFollower<DepositScanner>("Pending deposit scan",
    async (scanner, session, publish, ct) =>
    {
        await scanner.DetectPendingAsync(session, (_, detected, c) => publish.Publish(detected, c), ct);
        return false;
    });
builder.Services.AddOptions<PaymentSettlementOptions>().BindConfiguration(PaymentSettlementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<TokenDomainProvider>();
builder.Services.AddChainFollower<AuthorizationWatcher>("Authorization scan",
    async (watcher, session, publish, ct) => await watcher.ScanOnceAsync(session, (message, c) => publish.Publish(message, message.GetType(), c), ct) > 0);
builder.Services.AddSingleton<FeeOracle>();
builder.Services.AddSingleton<TransferSettler>();
builder.Services.AddScoped<PaymentSettler>();
builder.Services.AddSingleton<Permit2Allowances>();
// Every open transfer is looked at once a pass; nothing to catch up on, so one pass per interval.
builder.Services.AddChainFollower<TransferWatcher>("Transfer scan",
    async (watcher, session, publish, ct) =>
    {
        await watcher.ScanOnceAsync(session, publish, ct);
        return false;
    });
// Settlements a reorganisation deeper than the confirmations took back: reopened, announced, followed again.
builder.Services.AddChainFollower<SettlementReorgFollower>("Settlement reorganisation watch",
    async (follower, session, publish, ct) =>
    {
        await follower.FollowOnceAsync(session, (message, c) => publish.Publish(message, message.GetType(), c), ct);
        return false;
    });
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapPaymentSettlementApi();
app.Run();
