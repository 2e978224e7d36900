using IndieGent.Messaging.Tests.Orders;
using IndieGent.Messaging.Tests.Support;
using IndieGent.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Messaging.Tests;

/// <summary>Publishing outside a consumer, the way an HTTP endpoint does: from a DI scope of its own.</summary>
public sealed class The_bus_outbox(Infrastructure infrastructure) : IClassFixture<Infrastructure>
{
    private readonly Recorder _recorder = new();
    private readonly AdjustableTime _time = new();
    private readonly Database _database = new(infrastructure.ConnectionString);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Relays_a_message_published_before_SaveChanges_once_the_events_saved_with_it_are_committed()
    {
        await using var host = await StartAsync();
        var orderId = NewId.NextGuid();
        var messageId = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
            session.Events.Append(orderId, new OrderPlaced(orderId, "desk"));
            await publisher.Publish(new OrderConfirmed(orderId, "desk"), publish =>
            {
                publish.MessageId = messageId;
                publish.Headers.Set(PlaceOrderConsumer.ItemHeader, "desk");
            }, Cancellation);

            Assert.Equal(0, await _database.OutboxRowsAsync());
            await session.SaveChangesAsync(Cancellation);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Count == 1), Cancellation);
        var delivery = _recorder.Of<OrderConfirmed>(m => m.OrderId == orderId).Single();
        Assert.Equal(messageId, delivery.MessageId);
        Assert.Equal("desk", delivery.Headers[PlaceOrderConsumer.ItemHeader]?.ToString());
        Assert.Equal(1, await _database.EventsAsync(orderId));
    }

    [Fact]
    public async Task Sends_nothing_when_the_session_is_never_saved()
    {
        await using var host = await StartAsync();
        var abandoned = NewId.NextGuid();
        var saved = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IDocumentSession>().Events.Append(abandoned, new OrderPlaced(abandoned, "chair"));
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new OrderConfirmed(abandoned, "chair"), Cancellation);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new OrderConfirmed(saved, "stool"), Cancellation);
            await scope.ServiceProvider.GetRequiredService<IDocumentSession>().SaveChangesAsync(Cancellation);
        }

        // The saved one went through the same relay after the abandoned one would have.
        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderConfirmed>(m => m.OrderId == saved).Count == 1), Cancellation);
        Assert.Empty(_recorder.Of<OrderConfirmed>(m => m.OrderId == abandoned));
        Assert.Equal(0, await _database.EventsAsync(abandoned));
    }

    [Fact]
    public async Task Schedules_through_the_scoped_scheduler_and_cancels_by_token_when_saved()
    {
        await using var host = await StartAsync();
        var kept = NewId.NextGuid();
        var cancelled = NewId.NextGuid();
        var due = DateTime.UtcNow.AddHours(1);

        Guid cancelledToken;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var scheduler = scope.ServiceProvider.GetRequiredService<IMessageScheduler>();
            await scheduler.SchedulePublish(due, new OrderConfirmed(kept, "clock"), Cancellation);
            cancelledToken = (await scheduler.SchedulePublish(due, new OrderConfirmed(cancelled, "watch"), Cancellation)).TokenId;
            await scope.ServiceProvider.GetRequiredService<IDocumentSession>().SaveChangesAsync(Cancellation);
        }

        Assert.Equal(2, await _database.OutboxRowsAsync());
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageScheduler>().CancelScheduledPublish<OrderConfirmed>(cancelledToken, Cancellation);
            await scope.ServiceProvider.GetRequiredService<IDocumentSession>().SaveChangesAsync(Cancellation);
        }

        Assert.Equal(1, await _database.OutboxRowsAsync());
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderConfirmed>(m => m.OrderId == kept).Count == 1), Cancellation);
        await Eventually.HoldsAsync(async () => await _database.OutboxRowsAsync() == 0, Cancellation);
        Assert.Empty(_recorder.Of<OrderConfirmed>(m => m.OrderId == cancelled));
    }

    private Task<MessagingHost> StartAsync() =>
        MessagingHost.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString,
            bus => bus.AddConsumer<OrderConfirmedConsumer>(),
            configureServices: services => services.AddSingleton(_recorder).AddSingleton<TimeProvider>(_time));
}
