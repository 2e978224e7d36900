using Microsoft.Extensions.Options;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>
/// Runs one follower of the chain (the deposit scanner, the authorization watcher, the transfer
/// watcher) every <see cref="ChainOptions.PollInterval"/> through the <see cref="PollingLoop"/>.
/// </summary>
/// <param name="name">For the log, e.g. "Deposit scan".</param>
/// <param name="step">One pass; true when it made progress and should run again at once.</param>
public sealed partial class ChainFollowingService(
    string name, Func<CancellationToken, Task<bool>> step, IOptions<ChainOptions> options, TimeProvider time, ILogger<ChainFollowingService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(step, options.Value.PollInterval, time, (e, failures) => LogFailed(e, name, failures), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Follower} failed ({Failures} in a row); retrying")]
    private partial void LogFailed(Exception exception, string follower, int failures);
}

public static class ChainFollowingExtensions
{
    /// <summary>Runs <typeparamref name="T"/>'s <paramref name="step"/> as a <see cref="ChainFollowingService"/>.</summary>
    public static IServiceCollection AddChainFollower<T>(this IServiceCollection services, string name,
        Func<T, MassTransit.IBus, CancellationToken, Task<bool>> step)
        where T : class =>
        services.AddSingleton<T>().AddSingleton<IHostedService>(sp =>
        {
            var follower = sp.GetRequiredService<T>();
            var bus = sp.GetRequiredService<MassTransit.IBus>();
            return new ChainFollowingService(name, ct => step(follower, bus, ct), sp.GetRequiredService<IOptions<ChainOptions>>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChainFollowingService>>());
        });
}
