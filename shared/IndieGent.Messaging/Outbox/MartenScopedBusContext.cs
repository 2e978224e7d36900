using MassTransit;
using MassTransit.Clients;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// The bus outbox: publishes and sends through a scope's <see cref="IPublishEndpoint"/> or
/// <see cref="ISendEndpointProvider"/> outside a consumer (an HTTP endpoint, say) become rows in the
/// scope's Marten session, committed by the caller's own <c>SaveChangesAsync</c> together with its
/// events and documents.
/// </summary>
internal sealed class MartenScopedBusContext(IBus bus, OutboxWriter writer, IClientFactory clientFactory, IServiceProvider provider)
    : ScopedBusContext, OutboxSendContext
{
    private IPublishEndpoint? _publishEndpoint;
    private ISendEndpointProvider? _sendEndpointProvider;
    private IScopedClientFactory? _clientFactory;

    public ISendEndpointProvider SendEndpointProvider => _sendEndpointProvider ??= new OutboxSendEndpointProvider(this, bus);

    public IPublishEndpoint PublishEndpoint =>
        _publishEndpoint ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

    // Requests wait for responses, so they cannot sit in an outbox until a commit: they go straight to the bus.
    public IScopedClientFactory ClientFactory =>
        _clientFactory ??= new ScopedClientFactory(new ClientFactory(new ScopedClientFactoryContext(clientFactory, provider)), null);

    public Task AddSend<T>(SendContext<T> context)
        where T : class
    {
        writer.Add(context);
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);
}
