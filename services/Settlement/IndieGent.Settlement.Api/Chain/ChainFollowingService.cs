using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// <summary>
    /// Runs <typeparamref name="T"/>'s <paramref name="step"/> as a <see cref="ChainFollowingService"/>.
    /// What a pass publishes goes through the outbox like every other message: stored in the pass's
    /// session, committed when the pass ends, relayed after.
    /// </summary>
    public static IServiceCollection AddChainFollower<T>(this IServiceCollection services, string name,
        Func<T, Marten.IDocumentSession, MassTransit.IPublishEndpoint, CancellationToken, Task<bool>> step)
        where T : class
    {
        services.TryAddSingleton<T>();
        return services.AddSingleton<IHostedService>(sp =>
        {
            var follower = sp.GetRequiredService<T>();
            var scopes = sp.GetRequiredService<IServiceScopeFactory>();
            return new ChainFollowingService(name, async ct =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    // The scope's session is the pass's outbox: the follower saves its records and the messages together.
                    return await step(follower, scope.ServiceProvider.GetRequiredService<Marten.IDocumentSession>(),
                        scope.ServiceProvider.GetRequiredService<MassTransit.IPublishEndpoint>(), ct);
                }, sp.GetRequiredService<IOptions<ChainOptions>>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChainFollowingService>>());
        });
    }
}
