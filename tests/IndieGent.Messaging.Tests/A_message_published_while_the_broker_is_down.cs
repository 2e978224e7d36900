using IndieGent.Messaging.Tests.Orders;
using IndieGent.Messaging.Tests.Support;
using IndieGent.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Messaging.Tests;

public sealed class A_message_published_while_the_broker_is_down(Infrastructure infrastructure) : IClassFixture<Infrastructure>
{
    private readonly Recorder _recorder = new();
    private readonly Database _database = new(infrastructure.ConnectionString);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Is_committed_with_the_events_and_delivered_once_the_broker_is_back()
    {
        var broker = new Uri(infrastructure.AmqpUri);
        await using var proxy = new TcpProxy(broker.Host, broker.Port);
        await using var host = await MessagingHost.StartAsync(TcpProxy.Through(proxy, infrastructure.AmqpUri), infrastructure.ConnectionString,
            bus => bus.AddConsumer<OrderConfirmedConsumer>(),
            configureServices: services => services.AddSingleton(_recorder));
        var orderId = NewId.NextGuid();

        proxy.Down();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            session.Events.Append(orderId, new OrderPlaced(orderId, "radio"));
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new OrderConfirmed(orderId, "radio"), Cancellation);
            await session.SaveChangesAsync(Cancellation);
        }

        Assert.Equal(1, await _database.EventsAsync(orderId));
        await Eventually.HoldsAsync(async () => await _database.CountAsync($"FROM {Database.Schema}.messaging_outbox WHERE attempts > 0") == 1, Cancellation);
        Assert.Empty(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId));

        proxy.Up();

        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Count == 1), Cancellation, TimeSpan.FromSeconds(90));
        await Eventually.HoldsAsync(async () => await _database.OutboxRowsAsync() == 0, Cancellation);
        Assert.Single(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId));
    }
}
