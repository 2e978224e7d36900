using IndieGent.Onramp.Simulator.Apis;
using IndieGent.Onramp.Simulator.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOnrampSimulator();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
// Coinbase's paths, spoken in Coinbase's wire format (see README.md).
app.MapSessionsApi();
app.MapTransactionStatusApi();
// The simulator's own pages and the tests' control API, off Coinbase's paths.
app.MapCheckoutApi();
app.MapSimulatorControlApi();
app.Run();
