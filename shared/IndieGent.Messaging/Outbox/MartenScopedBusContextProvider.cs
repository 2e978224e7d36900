using MassTransit;
using MassTransit.DependencyInjection;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Chooses what a scope's <see cref="IPublishEndpoint"/> and <see cref="ISendEndpointProvider"/>
/// are: inside a consumer, its consume context (already covered by the consumer outbox); elsewhere,
/// the bus outbox.
/// </summary>
internal sealed class MartenScopedBusContextProvider : IScopedBusContextProvider<IBus>
{
    public MartenScopedBusContextProvider(
        IBus bus, OutboxWriter writer, Bind<IBus, IClientFactory> clientFactory,
        Bind<IBus, IScopedConsumeContextProvider> consumeContextProvider,
        IScopedConsumeContextProvider globalConsumeContextProvider, IServiceProvider provider)
    {
        if (consumeContextProvider.Value.HasContext)
            Context = new ConsumeContextScopedBusContext(consumeContextProvider.Value.GetContext(), clientFactory.Value);
        else if (globalConsumeContextProvider.HasContext)
            Context = new ConsumeContextScopedBusContext<IBus>(bus, globalConsumeContextProvider.GetContext(), clientFactory.Value, provider);
        else
            Context = new MartenScopedBusContext(bus, writer, clientFactory.Value, provider);
    }

    public ScopedBusContext Context { get; }
}
