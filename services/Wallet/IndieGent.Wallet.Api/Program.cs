using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Wallet.Api.Apis;
using IndieGent.Wallet.Api.Extensions;
using IndieGent.Wallet.Api.Treasuries;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedIdentity("wallet");
builder.AddWalletServices();
// The Wallet publishes (agents created, policies changed) and consumes nothing: no message can
// make it sign. It signs over HTTP, for Settlement, what a Ledger-signed approval ticket names.
builder.AddIndieGentMessaging(options: o => o.UseMartenOutbox());
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
app.MapSigningApi();
app.MapRelayerApi();
app.MapTreasuryApi();
app.Run();
