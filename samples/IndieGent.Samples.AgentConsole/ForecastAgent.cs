using IndieGent.Sdk;
using IndieGent.Sdk.Marketplace;
using Microsoft.Extensions.Options;

namespace IndieGent.Samples.AgentConsole;

/// <summary>
/// The agent: asks the paid API for a forecast now and then, as if the API were free, and looks for
/// flights to the same city through the marketplace (paid from its wallet, with its key alone).
/// </summary>
public sealed partial class ForecastAgent(IOptions<AgentSettings> options, DemoAgentBootstrap bootstrap, ILogger<ForecastAgent> logger)
    : BackgroundService
{
    private static readonly string[] Cities = ["Lisbon", "Amsterdam", "Nairobi", "Osaka", "Lima"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Gateway is null || settings.PaidApi is null)
            throw new InvalidOperationException("Set Agent:Gateway and Agent:PaidApi (the AppHost does).");

        var apiKey = settings.ApiKey is { Length: > 0 } configured ? configured : await BootstrapAsync(stoppingToken);
        using var agent = IndieGentAgent.ForPlatform(settings.Gateway, apiKey, new IndieGentPaymentOptions { MaxAmount = settings.MaxAmount });
        var call = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var city = Cities[call++ % Cities.Length];
            try
            {
                // The whole integration: a fetch. A 402 is paid and retried inside the SDK.
                using var response = await agent.FetchAsync(new Uri(settings.PaidApi, $"/v1/forecast?city={city}"), cancellationToken: stoppingToken);
                var payment = response.GetPayment();
                LogAnswer(city, (int)response.StatusCode, await response.Content.ReadAsStringAsync(stoppingToken),
                    payment?.Reference ?? "none");
            }
            catch (PaymentException e)
            {
                LogRefused(city, e.Reason, e.Message);
            }
            catch (HttpRequestException e)
            {
                LogUnreachable(e, city);
            }

            await SearchFlightsAsync(agent, city, stoppingToken);
            await Task.Delay(settings.Interval, stoppingToken);
        }
    }

    private static readonly Dictionary<string, string> Airports = new()
    {
        ["Lisbon"] = "LIS", ["Amsterdam"] = "AMS", ["Nairobi"] = "NBO", ["Osaka"] = "KIX", ["Lima"] = "LIM",
    };

    // The marketplace's demo flight search (listed by the demo provider once it is up): charged per call,
    // released if the provider fails.
    private async Task SearchFlightsAsync(IndieGentAgent agent, string city, CancellationToken ct)
    {
        var to = Airports[city];
        var from = to == "AMS" ? "LIS" : "AMS";
        var date = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var answer = await agent.Marketplace.CallAsync("demo-flights", HttpMethod.Get, $"/search?from={from}&to={to}&date={date}",
                cancellationToken: ct);
            LogFlights(from, to, (int)answer.StatusCode, answer.ChargeStatus.ToString(), answer.ChargedAmount ?? 0);
        }
        catch (MarketplaceCallException e)
        {
            LogFlightsRefused(from, to, e.Reason, e.Detail ?? e.Message);
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(e, city);
        }
    }

    private async Task<string> BootstrapAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await bootstrap.CreateAgentAsync(ct);
            }
            catch (HttpRequestException e)
            {
                LogWaiting(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forecast for {City}: {Status} {Body} (paid in {Reference})")]
    private partial void LogAnswer(string city, int status, string body, string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forecast for {City} not paid: {Reason}: {Detail}")]
    private partial void LogRefused(string city, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forecast for {City}: the API or the gateway is unreachable")]
    private partial void LogUnreachable(Exception exception, string city);

    [LoggerMessage(Level = LogLevel.Information, Message = "Flights {From} → {To}: {Status}, charge {Charge} ({Amount} base units)")]
    private partial void LogFlights(string from, string to, int status, string charge, long amount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flights {From} → {To} not called: {Reason}: {Detail}")]
    private partial void LogFlightsRefused(string from, string to, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the gateway: {Reason}")]
    private partial void LogWaiting(string reason);
}
