using IndieGent.Messaging.Scheduling;
using Marten;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IndieGent.Messaging.Outbox;

/// <summary>Wires the Marten outbox, inbox, bus outbox and scheduler into MassTransit.</summary>
internal static class MartenOutboxRegistration
{
    public static void AddMartenOutbox(IBusRegistrationConfigurator bus, MartenOutboxOptions options)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton(options);
        bus.TryAddSingleton<OutboxTables>();
        bus.TryAddSingleton<OutboxSignal>();
        bus.TryAddSingleton(new OutboxConsumeGate(options.ConcurrentConsumeLimit));
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureMarten, MessagingSchema>());
        bus.TryAddScoped<TransactionSlot>();
        bus.TryAddScoped<OutboxWriter>();
        bus.AddScoped<IOutboxContextFactory<MartenOutbox>, MartenOutboxContextFactory>();

        // The bus outbox: scoped publish/send endpoints outside consumers write to the scope's session.
        bus.ReplaceScoped<IScopedBusContextProvider<IBus>, MartenScopedBusContextProvider>();

        // IMessageScheduler for code outside the state machine: schedules through the same outboxes.
        // TryAdd: a scheduler the service registered on purpose wins.
        bus.TryAddScoped<IMessageScheduler>(provider => new MessageScheduler(
            new MartenScheduleMessageProvider(provider.GetRequiredService<ISendEndpointProvider>(), provider.GetRequiredService<OutboxWriter>()),
            provider.GetRequiredService<IBus>().Topology));

        bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
        {
            // Retry outside the outbox: every attempt gets a new scope, session and transaction.
            endpoint.UseMessageRetry(options.Retry);
            var observer = new OutboxConsumePipeSpecificationObserver<MartenOutbox>(endpoint, context);
            endpoint.ConnectConsumerConfigurationObserver(observer);
            endpoint.ConnectSagaConfigurationObserver(observer);
        });

        if (options.DeliverMessages)
            bus.AddHostedService<OutboxDeliveryService>();
        bus.AddHostedService<InboxCleanupService>();
    }

    /// <summary>Called from the transport configuration: every consume gets the Marten scheduler.</summary>
    public static void UseMartenMessageScheduler(IBusFactoryConfigurator configurator) =>
        configurator.AddPrePipeSpecification(new MartenMessageSchedulerSpecification());
}
