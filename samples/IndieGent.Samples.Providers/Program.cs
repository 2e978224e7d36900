// "IndieGent Demo Services": three paid services (flights, email, search) sold through the IndieGent marketplace.
// Every paid route requires the platform's signed IndieGent-Marketplace-Call header; with Providers:Gateway set, the
// app registers itself and its services with the platform at start-up (see README.md).
using IndieGent.Samples.Providers.Apis;
using IndieGent.Samples.Providers.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDemoProviders();

var app = builder.Build();
app.UseServiceDefaults();
app.MapFlightsApi();
app.MapEmailApi();
app.MapSearchApi();
app.MapGet("/", () => "IndieGent Demo Services: GET /flights/search, POST /email/send, GET /search — paid through the IndieGent marketplace.")
    .ExcludeFromDescription();
app.Run();
