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
    public static TBuilder AddIndieGentMessaging<TBuilder>(
        this TBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var brokerUri = RequiredConnectionString(builder.Configuration, BrokerConnectionName);
        if (!Uri.TryCreate(brokerUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw new InvalidOperationException(
                $"ConnectionStrings:{BrokerConnectionName} must be an amqp:// or amqps:// URI.");

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure?.Invoke(bus);

            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = BrokerConnectionName;
                health.MinimalFailureStatus = HealthStatus.Unhealthy;
                health.Tags.Add(Extensions.ReadyTag);
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(uri);
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
