using Microsoft.Extensions.Options;

namespace IndieGent.Samples.Providers.Registration;

/// <summary>
/// At start-up, registers the provider and its three services through the Gateway's public API, retrying (1 s, doubling
/// to 30 s) until the Gateway answers; then hands the provider id to the marketplace call check. A refusal retrying
/// cannot fix (a wrong key, a slug another operator owns) is logged and ends the attempt: paid routes keep answering 503.
/// </summary>
public sealed partial class MarketplaceRegistration(
    GatewayClient gateway,
    RegistrationState state,
    IOptions<ProvidersOptions> options,
    TimeProvider time,
    ILogger<MarketplaceRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var operatorKey = string.IsNullOrWhiteSpace(settings.OperatorApiKey) ? null : settings.OperatorApiKey;
        Guid? providerId = null;
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // What succeeded is kept: a retry creates no second operator or provider.
                if (operatorKey is null)
                {
                    operatorKey = await gateway.CreateOperatorAsync(settings.AdminApiKey!, settings.OperatorName, stoppingToken);
                    LogOperatorCreated(logger, settings.OperatorName);
                }

                providerId ??= await gateway.CreateProviderAsync(operatorKey, settings.Name, settings.PayoutAddress!, stoppingToken);
                foreach (var service in DemoCatalogue.All)
                    await gateway.PutServiceAsync(operatorKey, service, providerId.Value, settings.PublicUrl!, stoppingToken);
                state.Registered(providerId.Value);
                LogRegistered(logger, providerId.Value, string.Join(", ", DemoCatalogue.All.Select(s => s.Slug)));
                return;
            }
            catch (GatewayException e) when (e.Permanent)
            {
                state.GaveUp(e.Message);
                LogGaveUp(logger, e.Message);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or GatewayException or System.Text.Json.JsonException ||
                                      (e is OperationCanceledException && !stoppingToken.IsCancellationRequested))
            {
                state.Retrying(e.Message);
                LogRetrying(logger, attempt, e.Message, delay);
            }

            await Task.Delay(delay, time, stoppingToken);
            delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the operator {OperatorName} for the demo provider")]
    private static partial void LogOperatorCreated(ILogger logger, string operatorName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered with the IndieGent marketplace as provider {ProviderId}: {Services}")]
    private static partial void LogRegistered(ILogger logger, Guid providerId, string services);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration attempt {Attempt} with the IndieGent marketplace failed ({Reason}); retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registration with the IndieGent marketplace failed for good: {Reason}. Paid routes answer 503.")]
    private static partial void LogGaveUp(ILogger logger, string reason);
}
