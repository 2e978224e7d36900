using IndieGent.Messaging.Tests.Orders;
using IndieGent.Messaging.Tests.Support;
using IndieGent.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Messaging.Tests;

/// <summary>
/// <c>Schedule</c>/<c>Unschedule</c> in a state machine, stored in PostgreSQL and relayed when due:
/// no RabbitMQ delayed-exchange plugin. The clock is moved, not waited for.
/// </summary>
public sealed class A_scheduled_saga_timeout(Infrastructure infrastructure) : IClassFixture<Infrastructure>
{
    private readonly AdjustableTime _time = new();
    private readonly Database _database = new(infrastructure.ConnectionString);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fires_when_it_is_due_and_carries_its_scheduling_token()
    {
        await using var host = await StartAsync();
        var orderId = NewId.NextGuid();

        await host.Bus.Publish(new SubmitOrder(orderId), Cancellation);
        await Eventually.HoldsAsync(async () => (await LoadAsync(host, orderId))?.TimeoutTokenId is not null, Cancellation);
        var token = (await LoadAsync(host, orderId))!.TimeoutTokenId!.Value;
        var dueIn = await _database.ScalarAsync<double>(
            $"SELECT extract(epoch FROM deliver_at - now())::float8 FROM {Database.Schema}.messaging_outbox WHERE token_id = $1", token);
        Assert.InRange(dueIn, OrderStateMachine.PaymentWindow.TotalSeconds - 60, OrderStateMachine.PaymentWindow.TotalSeconds + 1);

        _time.Advance(OrderStateMachine.PaymentWindow + TimeSpan.FromMinutes(1));

        await Eventually.HoldsAsync(async () => (await LoadAsync(host, orderId))?.CurrentState == "TimedOut", Cancellation);
        var order = await LoadAsync(host, orderId);
        Assert.Equal(token, order!.ReceivedTimeoutTokenId);
        Assert.Null(order.TimeoutTokenId);
        Assert.Equal(0, await ScheduledAsync(token));
    }

    [Fact]
    public async Task Never_fires_once_unscheduled()
    {
        await using var host = await StartAsync();
        var paid = NewId.NextGuid();
        var unpaid = NewId.NextGuid();
        await host.Bus.Publish(new SubmitOrder(paid), Cancellation);
        await host.Bus.Publish(new SubmitOrder(unpaid), Cancellation);
        await Eventually.HoldsAsync(async () => (await LoadAsync(host, paid))?.TimeoutTokenId is not null, Cancellation);
        await Eventually.HoldsAsync(async () => (await LoadAsync(host, unpaid))?.TimeoutTokenId is not null, Cancellation);
        var paidToken = (await LoadAsync(host, paid))!.TimeoutTokenId!.Value;

        await host.Bus.Publish(new FundsReserved(paid), Cancellation);
        await Eventually.HoldsAsync(async () => (await LoadAsync(host, paid))?.CurrentState == "Accepted", Cancellation);
        Assert.Equal(0, await ScheduledAsync(paidToken));

        _time.Advance(OrderStateMachine.PaymentWindow + TimeSpan.FromMinutes(1));

        // Both timeouts were due at once: the relay has passed the cancelled one's place when the other fires.
        await Eventually.HoldsAsync(async () => (await LoadAsync(host, unpaid))?.CurrentState == "TimedOut", Cancellation);
        var order = await LoadAsync(host, paid);
        Assert.Equal("Accepted", order?.CurrentState);
        Assert.Null(order?.ReceivedTimeoutTokenId);
    }

    private Task<long> ScheduledAsync(Guid token) =>
        _database.CountAsync($"FROM {Database.Schema}.messaging_outbox WHERE token_id = $1", token);

    private Task<MessagingHost> StartAsync() =>
        MessagingHost.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString,
            bus => bus.AddSagaStateMachine<OrderStateMachine, OrderState>().MartenRepository(),
            configureServices: services => services.AddSingleton(new RaceGate()).AddSingleton<TimeProvider>(_time));

    private static async Task<OrderState?> LoadAsync(MessagingHost host, Guid orderId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<OrderState>(orderId, Cancellation);
    }
}
