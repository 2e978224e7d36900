using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Apis;
using IndieGent.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIndieGentMessaging();
builder.AddIndieGentMarten("ledgerdb", schemaName: "ledger", LedgerStoreConfiguration.Configure);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<AccountService>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapAccountsApi();
app.Run();
