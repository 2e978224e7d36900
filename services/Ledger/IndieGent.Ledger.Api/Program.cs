using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Apis;
using IndieGent.Ledger.Api.Consumers;
using IndieGent.Ledger.Api.Marketplace;
using IndieGent.Ledger.Api.Marketplace.Settlement;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Api.TopUps;
using IndieGent.Ledger.Api.Transfers;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.ServiceDefaults.Tickets;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedIdentity("ledger");
builder.AddIndieGentMessaging(bus =>
{
    // Explicit queue names: other services consume some of the same messages on their own queues.
    bus.AddConsumer<AgentCreatedConsumer>().Endpoint(e => e.Name = "ledger-agent-created");
    bus.AddConsumer<AgentDisabledConsumer>().Endpoint(e => e.Name = "ledger-agent-disabled");
    bus.AddConsumer<SpendingPolicyChangedConsumer>().Endpoint(e => e.Name = "ledger-spending-policy");
    bus.AddConsumer<DepositObservedConsumer>().Endpoint(e => e.Name = "ledger-deposits");
    bus.AddConsumer<DepositReorganisedOutConsumer>().Endpoint(e => e.Name = "ledger-deposits");
    bus.AddSagaStateMachine<PaymentStateMachine, PaymentState>()
        .Endpoint(e => e.Name = PaymentReservations.SagaQueueName)
        // Operator and agent for the approvals and the payment list (GET /v1/payments, newest first by RequestedAt).
        .MartenRepository(doc => doc.Index(s => s.OperatorId).Index(s => s.AgentId).Index(s => s.RequestedAt));
    bus.AddConsumer<TreasuryCreatedConsumer>().Endpoint(e => e.Name = "ledger-treasury-created");
    bus.AddConsumer<TopUpRequestedConsumer>().Endpoint(e => e.Name = "ledger-top-ups");
    bus.AddSagaStateMachine<TransferStateMachine, TransferState>()
        .Endpoint(e => e.Name = TransferReservations.SagaQueueName)
        .MartenRepository(doc => doc.Index(s => s.OperatorId).Index(s => s.AgentId));
    bus.AddConsumer<SettlementWalletOpenedConsumer>().Endpoint(e => e.Name = "ledger-marketplace-settlement-wallet");
}, o => o.UseMartenOutbox());
builder.Services.AddOptions<LedgerOptions>().BindConfiguration("Chain").ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<PaymentSagaOptions>().BindConfiguration("Payments").ValidateDataAnnotations().ValidateOnStart();
builder.AddIndieGentMarten("ledgerdb", schemaName: "ledger", LedgerStoreConfiguration.Configure);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<AccountService>();
builder.Services.AddSingleton<AccountLines>();
builder.AddApprovalTicketIssuer();
builder.Services.AddSingleton<PaymentTickets>();
builder.Services.AddSingleton<IAccountWriter, ConsumeSessionAccountWriter>();
builder.Services.AddSingleton<PaymentReservations>();
builder.Services.AddSingleton<TransferStarter>();
builder.Services.AddSingleton<TransferReservations>();
builder.Services.AddOptions<MarketplaceSettlementOptions>().BindConfiguration(MarketplaceSettlementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<MarketplaceSettlementRuns>();
builder.Services.AddHostedService<MarketplaceSettlementSchedule>();
builder.Services.AddSingleton<MarketplaceOutcomes>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapAccountsApi();
app.MapAuditApi();
app.MapReportsApi();
app.MapPaymentsApi();
app.MapReservationsApi();
app.MapTransfersApi();
app.MapMarketplaceChargesApi();
app.MapMarketplaceSettlementApi();
app.Run();
