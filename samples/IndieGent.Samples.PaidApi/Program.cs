// A paid API built on IndieGent.Payments.AspNetCore: GET /v1/forecast costs 0.01 USDC. Without a
// payment it answers 402 with an MPP challenge and x402 requirements; with one, it settles on chain
// and answers with the forecast and a receipt.
using IndieGent.Payments.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddPaymentGate(builder.Configuration.GetSection("Payments"));
if (builder.Configuration.GetConnectionString("paidapidb") is { Length: > 0 } database)
    builder.Services.AddPostgresPaymentReplayStore(database);

var app = builder.Build();
app.MapDefaultEndpoints();

var token = builder.Configuration["Paid:Token"] ?? throw new InvalidOperationException("Set Paid:Token (the USDC contract).");
var recipient = builder.Configuration["Paid:Recipient"] ?? throw new InvalidOperationException("Set Paid:Recipient (who is paid).");
string[] skies = ["sunny", "cloudy", "rain", "wind", "fog"];

app.MapGet("/v1/forecast", (string? city, HttpContext http) => new
    {
        city = city ?? "Lisbon",
        sky = skies[Random.Shared.Next(skies.Length)],
        celsius = Random.Shared.Next(8, 31),
        paidWith = http.GetPayment()?.TransactionHash,
    })
    .RequirePayment(10_000, token, recipient, "Tomorrow's forecast for a city");

app.MapGet("/", () => "GET /v1/forecast?city=Lisbon costs 0.01 USDC (HTTP 402: MPP or x402).");

app.Run();
