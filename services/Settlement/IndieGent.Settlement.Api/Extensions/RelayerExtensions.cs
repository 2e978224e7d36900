using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Settlement.Api.Relaying;
using Marten;

namespace IndieGent.Settlement.Api.Extensions;

public static class RelayerExtensions
{
    /// <summary>
    /// The platform's gas relayer (<see cref="Relayer"/>, its watcher, monitor, health check and
    /// metrics), its documents, and what payments publish about their relays. Needs
    /// <see cref="ChainExtensions.AddChain"/> and the Wallet client.
    /// </summary>
    public static IHostApplicationBuilder AddRelayer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RelayerOptions>().BindConfiguration(RelayerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.ConfigureMarten(options =>
        {
            // The request path and the watcher both move a relay; concurrent reservations race on the counter.
            options.Schema.For<RelayedTransfer>().UseOptimisticConcurrency(true).Index(t => t.State);
            options.Schema.For<RelayerNonce>().UseOptimisticConcurrency(true);
        });
        builder.Services.AddSingleton<TransactionSender>();
        builder.Services.AddSingleton<RelayerAddress>();
        builder.Services.AddSingleton<RelayerMetrics>();
        builder.Services.AddSingleton<Relayer>();
        builder.Services.AddSingleton<PaymentRelayOutcomes>();
        builder.Services.AddSingleton<IRelayOutcomes>(sp => sp.GetRequiredService<PaymentRelayOutcomes>());
        builder.Services.AddSingleton<RelayerMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RelayerMonitor>());
        builder.Services.AddHealthChecks().AddCheck<RelayerHealthCheck>(RelayerHealthCheck.Name, tags: [Microsoft.Extensions.Hosting.Extensions.ReadyTag]);
        // Every open relay is looked at once a pass; nothing to catch up on, so one pass per interval.
        builder.Services.AddChainFollower<RelayWatcher>("Relay scan",
            async (watcher, session, publish, ct) =>
            {
                await watcher.ScanOnceAsync(session, publish, ct);
                return false;
            });
        return builder;
    }
}
