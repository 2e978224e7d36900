using IndieGent.Marketplace.Api;
using IndieGent.Marketplace.Api.Calls;
using IndieGent.Marketplace.Api.Catalog;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedIdentity("marketplace");
builder.AddIndieGentMessaging(bus =>
{
    bus.AddConsumer<CallCompletedConsumer>().Endpoint(e => e.Name = "marketplace-calls-completed");
    bus.AddConsumer<ProviderPaidOutConsumer>().Endpoint(e => e.Name = "marketplace-payouts");
    bus.AddConsumer<ProviderPayoutReorganisedOutConsumer>().Endpoint(e => e.Name = "marketplace-payouts-reorganised-out");
}, o => o.UseMartenOutbox());
builder.AddIndieGentMarten("marketplacedb", schemaName: "marketplace", MarketplaceStoreConfiguration.Configure);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CatalogStats>();
builder.AddOpenApiImports();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapCatalogApi();
app.MapProxyTargetsApi();
app.MapImportsApi();
app.Run();
