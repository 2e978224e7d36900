using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Apis;
using IndieGent.Ledger.Api.Consumers;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedIdentity();
builder.AddIndieGentMessaging(bus =>
{
    bus.AddConsumer<AgentCreatedConsumer>();
    bus.AddConsumer<DepositObservedConsumer>();
});
builder.Services.AddOptions<LedgerOptions>().BindConfiguration("Chain").ValidateDataAnnotations().ValidateOnStart();
builder.AddIndieGentMarten("ledgerdb", schemaName: "ledger", LedgerStoreConfiguration.Configure);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<AccountService>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapAccountsApi();
app.Run();
