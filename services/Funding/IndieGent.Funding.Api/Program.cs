using IndieGent.Funding.Api;
using IndieGent.Funding.Api.Apis;
using IndieGent.Funding.Api.Deposits;
using IndieGent.Funding.Api.Onramp;
using IndieGent.Funding.Api.Wallets;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedIdentity("funding");
builder.AddIndieGentMessaging(bus =>
{
    // Explicit queue names: other services consume some of the same messages on their own queues.
    bus.AddConsumer<AgentCreatedConsumer>().Endpoint(e => e.Name = "funding-agent-created");
    bus.AddConsumer<TreasuryCreatedConsumer>().Endpoint(e => e.Name = "funding-treasury-created");
    bus.AddConsumer<DepositDetectedConsumer>().Endpoint(e => e.Name = "funding-deposits-detected");
    bus.AddConsumer<DepositCreditedConsumer>().Endpoint(e => e.Name = "funding-deposits-credited");
}, o => o.UseMartenOutbox());
builder.AddIndieGentMarten("fundingdb", schemaName: "funding", FundingStoreConfiguration.Configure);
builder.Services.AddOptions<FundingChainOptions>().BindConfiguration(FundingChainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<OnrampOptions>().BindConfiguration(OnrampOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpClient(CoinbaseOnrampClient.ClientName);
builder.Services.AddSingleton<CoinbaseOnrampClient>();
builder.Services.AddSingleton<OnrampReports>();
builder.Services.AddSingleton<OnrampPoller>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<OnrampPoller>());
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapFundingInstructionsApi();
app.MapOnrampApi();
app.MapOnrampWebhookApi();
app.Run();
