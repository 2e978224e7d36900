using IndieGent.Messaging.Tests.Orders;
using IndieGent.Messaging.Tests.Support;
using IndieGent.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Messaging.Tests;

public sealed class The_inbox(Infrastructure infrastructure) : IClassFixture<Infrastructure>
{
    private readonly Recorder _recorder = new();
    private readonly AdjustableTime _time = new();
    private readonly Database _database = new(infrastructure.ConnectionString);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Consumes_a_message_published_twice_with_the_same_message_id_once()
    {
        await using var host = await StartAsync();
        var receipts = new ReceiptCounter();
        using var observing = host.Bus.ConnectReceiveObserver(receipts);
        var orderId = NewId.NextGuid();
        var messageId = NewId.NextGuid();

        await Task.WhenAll(
            host.Bus.Publish(new PlaceOrder(orderId, "rug"), publish => publish.MessageId = messageId, Cancellation),
            host.Bus.Publish(new PlaceOrder(orderId, "rug"), publish => publish.MessageId = messageId, Cancellation));

        await Eventually.HoldsAsync(() => Task.FromResult(receipts.Completed(messageId) == 2), Cancellation);
        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Count == 1), Cancellation);
        Assert.Single(_recorder.Of<PlaceOrder>(m => m.OrderId == orderId));
        Assert.Equal(1, await _database.EventsAsync(orderId));
        Assert.Equal(1, await _database.InboxRowsAsync(messageId));
    }

    [Fact]
    public async Task Forgets_consumed_messages_once_the_duplicate_detection_window_has_passed()
    {
        await using var host = await StartAsync();
        var orderId = NewId.NextGuid();
        var messageId = NewId.NextGuid();
        await host.Bus.Publish(new PlaceOrder(orderId, "mug"), publish => publish.MessageId = messageId, Cancellation);
        await Eventually.HoldsAsync(async () => await _database.InboxRowsAsync(messageId) == 1, Cancellation);

        _time.Advance(TimeSpan.FromHours(2));

        await Eventually.HoldsAsync(async () => await _database.InboxRowsAsync(messageId) == 0, Cancellation);
    }

    private Task<MessagingHost> StartAsync() =>
        MessagingHost.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString,
            bus =>
            {
                bus.AddConsumer<PlaceOrderConsumer>();
                bus.AddConsumer<OrderConfirmedConsumer>();
            },
            outbox =>
            {
                outbox.DuplicateDetectionWindow = TimeSpan.FromHours(1);
                outbox.CleanupInterval = TimeSpan.FromMilliseconds(200);
            },
            services => services.AddSingleton(_recorder).AddSingleton<TimeProvider>(_time));
}
