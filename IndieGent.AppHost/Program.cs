using IndieGent.AppHost.Infrastructure;

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
    .WithEnvironment($"Wallet__MasterKeys__{DevSecrets.MasterKeyId}", infrastructure.DevSecrets.WalletMasterKey)
    .WithEnvironment("Wallet__ActiveKeyId", DevSecrets.MasterKeyId);
var ledger = builder.AddIndieGentService<Projects.IndieGent_Ledger_Api>("ledger", infrastructure);
var funding = builder.AddIndieGentService<Projects.IndieGent_Funding_Api>("funding", infrastructure);
var marketplace = builder.AddIndieGentService<Projects.IndieGent_Marketplace_Api>("marketplace", infrastructure);
var settlement = builder.AddIndieGentService<Projects.IndieGent_Settlement_Api>("settlement", infrastructure);

builder.AddIndieGentService<Projects.IndieGent_Gateway_Api>("gateway", infrastructure)
    .WithReference(wallet).WithReference(ledger).WithReference(funding)
    .WithReference(marketplace).WithReference(settlement)
    .WithEnvironment("Gateway__AdminApiKey", infrastructure.DevSecrets.AdminApiKey)
    .WithExternalHttpEndpoints()
    .AnnounceWhenReady("Gateway", $"the admin API key of this run is {infrastructure.DevSecrets.AdminApiKey}");

builder.Build().Run();
return 0;
