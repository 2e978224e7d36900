using IndieGent.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace IndieGent.Messaging;

/// <summary>Bus set-up shared by every service: MassTransit 8.5 over RabbitMQ.</summary>
public static class MessagingExtensions
{
    /// <summary>The connection-string name of the broker (an <c>amqp://</c> URI).</summary>
    public const string BrokerConnectionName = "rabbitmq";

    /// <summary>
    /// Registers MassTransit on RabbitMQ with kebab-case endpoint names, a readiness health check
    /// named <c>rabbitmq</c>, and whatever consumers and sagas <paramref name="configure"/> adds.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="configure">Adds consumers and sagas, e.g.
    /// <c>bus.AddSagaStateMachine&lt;PaymentStateMachine, PaymentState&gt;().MartenRepository()</c>.</param>
    /// <param name="options">Optional features, e.g. <c>o =&gt; o.UseMartenOutbox()</c> for the
    /// transactional outbox, inbox and scheduler on the service's Marten database.</param>
    /// <example>
    /// <code>
    /// builder.AddIndieGentMessaging(
    ///     bus =>
    ///     {
    ///         bus.AddConsumer&lt;SettlePaymentConsumer&gt;();
    ///         bus.AddSagaStateMachine&lt;PaymentStateMachine, PaymentState&gt;().MartenRepository();
    ///     },
    ///     o => o.UseMartenOutbox());
    /// builder.AddIndieGentMarten("ledgerdb", schemaName: "ledger");
    /// </code>
    /// </example>
    public static TBuilder AddIndieGentMessaging<TBuilder>(
        this TBuilder builder, Action<IBusRegistrationConfigurator>? configure = null,
        Action<IndieGentMessagingOptions>? options = null)
        where TBuilder : IHostApplicationBuilder
    {
        var messaging = new IndieGentMessagingOptions();
        options?.Invoke(messaging);

        var broker = builder.Configuration.GetSection(BrokerSettings.Section).Get<BrokerSettings>() ?? new BrokerSettings();
        broker.Validate();
        var brokerUri = RequiredConnectionString(builder.Configuration, BrokerConnectionName);
        if (!Uri.TryCreate(brokerUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw new InvalidOperationException(
                $"ConnectionStrings:{BrokerConnectionName} must be an amqp:// or amqps:// URI.");

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure?.Invoke(bus);
            // Durable receive queues as quorum queues; the temporary ones named in the options stay classic.
            bus.AddConfigureEndpointsCallback((_, name, endpoint) =>
            {
                if (broker.QueueType == BrokerQueueType.Quorum && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit &&
                    !messaging.TemporaryQueuePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                    rabbit.SetQuorumQueue();
            });
            if (messaging.Outbox is { } outbox)
                MartenOutboxRegistration.AddMartenOutbox(bus, outbox);

            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = BrokerConnectionName;
                health.MinimalFailureStatus = HealthStatus.Unhealthy;
                health.Tags.Add(Extensions.ReadyTag);
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(uri, host =>
                {
                    // A publish completes only once the broker confirmed it (MassTransit's default, stated here on purpose).
                    host.PublisherConfirmation = true;
                    host.Heartbeat(broker.Heartbeat);
                    host.RequestedConnectionTimeout(broker.ConnectionTimeout);
                });
                if (broker.PrefetchCount is { } prefetch)
                    rabbit.PrefetchCount = prefetch;
                if (broker.ConcurrentMessageLimit is { } limit)
                    rabbit.ConcurrentMessageLimit = limit;
                // Nobody subscribes to the marker interface: no exchange (and no permission) for it.
                rabbit.Publish<IndieGent.Contracts.ICorrelatedMessage>(p => p.Exclude = true);
                if (messaging.Outbox is not null)
                    MartenOutboxRegistration.UseMartenMessageScheduler(rabbit);
                rabbit.ConfigureEndpoints(context);
            });
        });

        // Start-up must not hang on a broker that is not there yet: the bus keeps reconnecting in
        // the background and /health reports it until it is connected.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });

        return builder;
    }

    internal static string RequiredConnectionString(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The setting ConnectionStrings:{name} is missing (environment variable ConnectionStrings__{name}). " +
                "The AppHost sets it; elsewhere set it in configuration.");
}
