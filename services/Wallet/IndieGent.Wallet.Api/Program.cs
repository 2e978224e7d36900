using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Wallet.Api.Apis;
using IndieGent.Wallet.Api.Consumers;
using IndieGent.Wallet.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedIdentity();
builder.AddWalletServices();
builder.AddIndieGentMessaging(bus =>
{
    // Explicit queue names: other services consume the same messages on their own queues.
    bus.AddConsumer<RecordPaymentTermsConsumer>().Endpoint(e => e.Name = "wallet-payment-terms");
    bus.AddConsumer<RecordApprovalConsumer>().Endpoint(e => e.Name = "wallet-payment-approvals");
    bus.AddConsumer<SignTransferAuthorizationConsumer>().Endpoint(e => e.Name = "wallet-signer");
    bus.AddConsumer<SignTransferTransactionConsumer>().Endpoint(e => e.Name = "wallet-transaction-signer");
}, o => o.UseMartenOutbox());
builder.AddIndieGentMarten("walletdb", schemaName: "wallet", WalletStoreConfiguration.Configure);
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapOperatorsApi();
app.MapAgentsApi();
app.MapPoliciesApi();
app.MapWalletInfoApi();
app.MapInternalApi();
app.Run();
