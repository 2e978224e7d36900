using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IndieGent.Messaging.Tests.Support;

/// <summary>
/// A real generic host, set up the way a service sets itself up: <c>AddIndieGentMessaging</c> with
/// the Marten outbox and <c>AddIndieGentMarten</c>, on a test class's virtual host and database.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    public const string DatabaseName = "messagingdb";

    private readonly IHost _host;

    private MessagingHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IBus Bus => Services.GetRequiredService<IBus>();

    public static Task<MessagingHost> StartAsync(
        string amqpUri, string connectionString, Action<IBusRegistrationConfigurator> configureBus,
        Action<MartenOutboxOptions>? configureOutbox = null, Action<IServiceCollection>? configureServices = null,
        bool outbox = true)
    {
        // MassTransit keeps its log context in an AsyncLocal that its calls set in the caller's flow;
        // a test that starts a second host after disposing a first would otherwise log through the
        // first host's disposed logger factory. Not async, so the reset stays in the caller's flow.
        LogContext.Current = null;
        return StartCoreAsync(amqpUri, connectionString, configureBus, configureOutbox, configureServices, outbox);
    }

    private static async Task<MessagingHost> StartCoreAsync(
        string amqpUri, string connectionString, Action<IBusRegistrationConfigurator> configureBus,
        Action<MartenOutboxOptions>? configureOutbox, Action<IServiceCollection>? configureServices, bool outbox)
    {
        // Development turns on scope validation: a scoped service taken from the root fails loudly.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{MessagingExtensions.BrokerConnectionName}"] = amqpUri,
            [$"ConnectionStrings:{DatabaseName}"] = connectionString,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        configureServices?.Invoke(builder.Services);
        builder.AddIndieGentMessaging(configureBus, messaging =>
        {
            if (!outbox)
                return;
            messaging.UseMartenOutbox(options =>
            {
                // Short delays: tests wait for conditions, and a relay that looks often keeps them quick.
                options.QueryDelay = TimeSpan.FromMilliseconds(100);
                options.MessageDeliveryTimeout = TimeSpan.FromSeconds(3);
                options.MaxRedeliveryDelay = TimeSpan.FromSeconds(2);
                configureOutbox?.Invoke(options);
            });
        });
        builder.AddIndieGentMarten(DatabaseName, schemaName: Database.Schema);

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var messagingHost = new MessagingHost(host);
        var health = await host.Services.GetRequiredService<IBusControl>()
            .WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        Assert.Equal(BusHealthStatus.Healthy, health);
        return messagingHost;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        if (_host is IAsyncDisposable asyncDisposable)
            await asyncDisposable.DisposeAsync();
        else
            _host.Dispose();
    }
}
