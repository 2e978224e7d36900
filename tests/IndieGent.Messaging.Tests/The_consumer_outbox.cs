using IndieGent.Messaging.Tests.Orders;
using IndieGent.Messaging.Tests.Support;
using IndieGent.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Messaging.Tests;

public sealed class The_consumer_outbox(Infrastructure infrastructure) : IClassFixture<Infrastructure>
{
    private readonly Recorder _recorder = new();
    private readonly Database _database = new(infrastructure.ConnectionString);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commits_the_consumers_events_and_relays_what_it_published_with_its_message_id_and_headers()
    {
        await using var host = await StartAsync();
        var orderId = NewId.NextGuid();

        await host.Bus.Publish(new PlaceOrder(orderId, "kettle"), Cancellation);

        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Count == 1), Cancellation);
        var confirmation = _recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Single();
        Assert.Equal(PlaceOrderConsumer.ConfirmationMessageId(orderId), confirmation.MessageId);
        Assert.Equal("kettle", confirmation.Headers[PlaceOrderConsumer.ItemHeader]?.ToString());
        Assert.Equal(1, await _database.EventsAsync(orderId));
    }

    [Fact]
    public async Task Delivers_what_was_committed_before_a_crash_once_a_service_is_back_without_consuming_again()
    {
        var orderId = NewId.NextGuid();
        var placeOrderId = NewId.NextGuid();

        // The first process commits the consume but dies before anything is relayed (its relay is off).
        await using (var crashed = await StartAsync(outbox => outbox.DeliverMessages = false))
        {
            await crashed.Bus.Publish(new PlaceOrder(orderId, "toaster"), publish => publish.MessageId = placeOrderId, Cancellation);
            await Eventually.HoldsAsync(async () => await _database.InboxRowsAsync(placeOrderId) == 1, Cancellation);
            Assert.Equal(1, await _database.EventsAsync(orderId));
            Assert.Equal(1, await OutboxRowsOfAsync(orderId));
        }

        Assert.Empty(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId));

        await using var restarted = await StartAsync();

        await Eventually.HoldsAsync(async () => await OutboxRowsOfAsync(orderId) == 0, Cancellation);
        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Count == 1), Cancellation);
        Assert.Equal(PlaceOrderConsumer.ConfirmationMessageId(orderId), _recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Single().MessageId);
        Assert.Equal(1, await _database.EventsAsync(orderId));
        Assert.Single(_recorder.Of<PlaceOrder>(m => m.OrderId == orderId));
    }

    [Theory]
    [InlineData(OrderFailure.ThrowAfterPublishing)]
    [InlineData(OrderFailure.SaveThenThrow)]
    public async Task Commits_nothing_and_publishes_nothing_when_the_consumer_fails_after_storing(OrderFailure failure)
    {
        await using var host = await StartAsync(outbox => outbox.Retry = retry => retry.Immediate(2));
        var orderId = NewId.NextGuid();
        var placeOrderId = NewId.NextGuid();

        await host.Bus.Publish(new PlaceOrder(orderId, "vase", failure), publish => publish.MessageId = placeOrderId, Cancellation);

        // The fault is published once the retries are used up: every attempt is over.
        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<Fault<PlaceOrder>>(f => f.Message.OrderId == orderId).Count == 1), Cancellation);
        Assert.Equal(3, _recorder.Of<PlaceOrder>(m => m.OrderId == orderId).Count);
        Assert.Equal(0, await _database.EventsAsync(orderId));
        Assert.Equal(0, await _database.InboxRowsAsync(placeOrderId));
        Assert.Equal(0, await OutboxRowsOfAsync(orderId));
        Assert.Empty(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId));
    }

    private Task<long> OutboxRowsOfAsync(Guid orderId) =>
        _database.CountAsync($"FROM {Database.Schema}.messaging_outbox WHERE body LIKE '%' || $1 || '%'", orderId.ToString());

    private Task<MessagingHost> StartAsync(Action<MartenOutboxOptions>? configureOutbox = null) =>
        MessagingHost.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString,
            bus =>
            {
                bus.AddConsumer<PlaceOrderConsumer>();
                bus.AddConsumer<OrderConfirmedConsumer>();
                bus.AddConsumer<PlaceOrderFaultConsumer>();
            },
            configureOutbox,
            services => services.AddSingleton(_recorder));
}
