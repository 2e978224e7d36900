using IndieGent.AppHost.Infrastructure;
using IndieGent.Chain;

var builder = DistributedApplication.CreateBuilder(args);

PlatformInfrastructure infrastructure;
try
{
    infrastructure = builder.AddIndieGentInfrastructure();
}
catch (PrerequisiteException missing)
{
    Console.Error.WriteLine(missing.Message);
    return 1;
}

var wallet = builder.AddIndieGentService<Projects.IndieGent_Wallet_Api>("wallet", infrastructure)
    .WithEnvironment("Wallet__MasterKeysPath", infrastructure.DevSecrets.WriteMasterKeyFiles())
    .WithEnvironment("Wallet__ActiveKeyId", DevSecrets.MasterKeyId)
    .WithEnvironment($"Tickets__PublicKeys__{DevSecrets.TicketKeyId}", infrastructure.DevSecrets.TicketPublicKey)
    // The relayer pays gas for hash payments; on the local chain it is topped up from a dev account.
    .FundRelayerWhenReady(infrastructure);
var ledger = builder.AddIndieGentService<Projects.IndieGent_Ledger_Api>("ledger", infrastructure)
    .WithEnvironment("Tickets__KeyId", DevSecrets.TicketKeyId)
    .WithEnvironment("Tickets__PrivateKey", infrastructure.DevSecrets.TicketPrivateKey)
    // On the local chain the demo's marketplace money moves within minutes, whatever the amount (production: hourly sweeps, daily payouts).
    .WithEnvironment("MarketplaceSettlement__SweepInterval", "00:01:00")
    .WithEnvironment("MarketplaceSettlement__SweepMinimum", "1")
    .WithEnvironment("MarketplaceSettlement__PayoutInterval", "00:02:00")
    .WithEnvironment("MarketplaceSettlement__PayoutMinimum", "1");
// Coinbase Onramp, simulated on the local chain: its checkout's "Pay" mints the USDC to the wallet and
// sends Coinbase's signed webhooks to the Gateway, as Coinbase would.
var coinbase = builder.AddProject<Projects.IndieGent_Onramp_Simulator>("coinbase", launchProfileName: null)
    .WithHttpEndpoint(name: "http")
    .WithEnvironment($"Simulator__ApiKeys__{DevSecrets.CdpKeyId}", infrastructure.DevSecrets.CdpPublicKey)
    .WithEnvironment("Simulator__WebhookSecret", infrastructure.DevSecrets.OnrampWebhookSecret)
    .WithEnvironment("Simulator__Chain__RpcUrl", infrastructure.Chain.Resource.RpcUrl)
    .WithEnvironment("Simulator__Chain__ChainId", DevChainSetup.ChainId.ToString())
    .WithEnvironment("Simulator__Chain__TokenAddress", infrastructure.ChainSetup.TokenAddress)
    .WithEnvironment("Simulator__Chain__MinterKey", DevChainSetup.TokenOwnerKey)
    .WaitFor(infrastructure.Chain)
    .WithHttpHealthCheck("/health");
var funding = builder.AddIndieGentService<Projects.IndieGent_Funding_Api>("funding", infrastructure)
    .WithEnvironment("Onramp__ApiBaseUrl", coinbase.GetEndpoint("http"))
    .WithEnvironment("Onramp__StatusApiBaseUrl", coinbase.GetEndpoint("http"))
    .WithEnvironment("Onramp__KeyId", DevSecrets.CdpKeyId)
    .WithEnvironment("Onramp__KeySecret", infrastructure.DevSecrets.CdpKeySecret)
    .WithEnvironment("Onramp__WebhookSecret", infrastructure.DevSecrets.OnrampWebhookSecret)
    .WithEnvironment("Onramp__Sandbox", "true");
var marketplace = builder.AddIndieGentService<Projects.IndieGent_Marketplace_Api>("marketplace", infrastructure);
// Settlement has the Wallet sign over HTTP (with the Ledger's ticket); the Gateway calls Ledger and Settlement on the request path.
var settlement = builder.AddIndieGentService<Projects.IndieGent_Settlement_Api>("settlement", infrastructure)
    .WithChainRpc(infrastructure).WithReference(wallet);

var gateway = builder.AddIndieGentService<Projects.IndieGent_Gateway_Api>("gateway", infrastructure)
    .WithReference(wallet).WithReference(ledger).WithReference(funding)
    .WithReference(marketplace).WithReference(settlement)
    .WithEnvironment("Gateway__AdminApiKey", infrastructure.DevSecrets.AdminApiKey)
    .WithEnvironment("Identity__KeyId", DevSecrets.IdentityKeyId)
    .WithEnvironment("Identity__SigningKey", infrastructure.DevSecrets.IdentityPrivateKey)
    .WithEnvironment("Marketplace__KeyId", DevSecrets.MarketplaceCallKeyId)
    .WithEnvironment("Marketplace__SigningKey", infrastructure.DevSecrets.MarketplaceCallKey)
    // The demo's paid APIs run on this machine: /mcp's fetch_paid may reach them (production: the public internet only).
    .WithEnvironment("Mcp__AllowPrivateNetworks", "true")
    .WithExternalHttpEndpoints()
    .AnnounceWhenReady("Gateway", $"the admin API key of this run is {infrastructure.DevSecrets.AdminApiKey}");
// The operator the demo runs as: its agent's payments are what the dashboard's sign-in link shows.
var demoOperator = DemoOperator.CreateWhenReady(gateway, infrastructure.DevSecrets.AdminApiKey);
coinbase.WithEnvironment(context =>
    context.EnvironmentVariables["Simulator__WebhookUrl"] = ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/webhooks/coinbase/onramp"));

// The operator's web UI: it reaches the platform only through the Gateway's public API, with the
// key an operator signs in with. Its key ring (cookies, anti-forgery) is in its own database, as
// hosted, so a restarted dashboard keeps its sessions; the AppHost prints a one-time link that signs
// the demo operator in.
builder.AddProject<Projects.IndieGent_Dashboard>("dashboard", launchProfileName: null)
    .WithHttpEndpoint(name: "http")
    .WithExternalHttpEndpoints()
    .WithEnvironment("Dashboard__GatewayUrl", gateway.GetEndpoint("http"))
    .WithEnvironment("ConnectionStrings__dashboarddb", infrastructure.Connections.Database("dashboard"))
    .WithDemoOperatorSignInLink(demoOperator)
    .WaitFor(infrastructure.Postgres)
    .WaitFor(gateway)
    .WithHttpHealthCheck("/health");

// The samples: a paid API on the payment middleware, and an agent that calls it through the SDK,
// paying from its IndieGent wallet. Their calls show up as traces in the dashboard.
var paidApi = builder.AddProject<Projects.IndieGent_Samples_PaidApi>("paidapi", launchProfileName: null)
    .WithHttpEndpoint(name: "http")
    .WithEnvironment("Payments__Secret", infrastructure.DevSecrets.SamplePaymentsSecret)
    .WithEnvironment("Payments__ChainId", DevChainSetup.ChainId.ToString())
    .WithEnvironment("Payments__RpcUrl", infrastructure.Chain.Resource.RpcUrl)
    .WithEnvironment("Payments__SettlementPrivateKey", AnvilDevAccounts.Account2.PrivateKey)
    .WithEnvironment("Paid__Token", infrastructure.ChainSetup.TokenAddress)
    .WithEnvironment("Paid__Recipient", DevChainSetup.SampleMerchant.ToString())
    .WaitFor(infrastructure.Chain)
    .WithHttpHealthCheck("/health");

// The demo marketplace provider: flight search, email and web search, listed in the catalogue at start-up
// through the Gateway's public API, each call paid from the calling agent's wallet through the marketplace proxy.
var providers = builder.AddProject<Projects.IndieGent_Samples_Providers>("providers", launchProfileName: null)
    .WithHttpEndpoint(name: "http")
    .WithEnvironment("Providers__Gateway", gateway.GetEndpoint("http"))
    .WithEnvironment("Providers__AdminApiKey", infrastructure.DevSecrets.AdminApiKey)
    .WithEnvironment("Providers__PayoutAddress", DevChainSetup.DemoProviderPayout.ToString())
    .WaitFor(gateway)
    .WithHttpHealthCheck("/health");
providers.WithEnvironment(context => context.EnvironmentVariables["Providers__PublicUrl"] = providers.GetEndpoint("http"));

builder.AddProject<Projects.IndieGent_Samples_AgentConsole>("agent", launchProfileName: null)
    .WithEnvironment("Agent__Gateway", gateway.GetEndpoint("http"))
    .WithEnvironment("Agent__PaidApi", paidApi.GetEndpoint("http"))
    .WithDemoOperator(demoOperator)
    // Only when the demo operator could not be created: the agent then creates an operator of its own.
    .WithEnvironment("Agent__AdminApiKey", infrastructure.DevSecrets.AdminApiKey)
    .WithEnvironment("Agent__TokenOwnerKey", DevChainSetup.TokenOwnerKey)
    .WithEnvironment("Agent__RpcUrl", infrastructure.Chain.Resource.RpcUrl)
    .WithEnvironment("Agent__TokenAddress", infrastructure.ChainSetup.TokenAddress)
    .WaitFor(gateway)
    .WaitFor(paidApi);

// The docs' TypeScript snippet, run as written (samples/ts-agent, on @indiegent/sdk built from sdk/js).
builder.AddTypeScriptSample(gateway, paidApi, demoOperator, infrastructure);

builder.Build().Run();
return 0;
