using IndieGent.Messaging.Tests.Orders;
using IndieGent.Messaging.Tests.Support;
using IndieGent.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Messaging.Tests;

public sealed class A_saga_stored_in_marten(Infrastructure infrastructure) : IClassFixture<Infrastructure>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly Recorder _recorder = new();
    private readonly RaceGate _gate = new();

    [Fact]
    public async Task Moves_through_its_states_as_its_messages_arrive_and_is_deleted_when_finalized()
    {
        await using var host = await StartAsync();
        var orderId = NewId.NextGuid();

        await host.Bus.Publish(new SubmitOrder(orderId), Cancellation);

        // Submitted → ReserveFunds (through the outbox) → FundsReserved → Accepted → OrderAccepted.
        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderAccepted>(m => m.OrderId == orderId).Count == 1), Cancellation);
        var accepted = await LoadAsync(host, orderId);
        Assert.Equal("Accepted", accepted?.CurrentState);
        Assert.Null(accepted?.TimeoutTokenId);
        Assert.Single(_recorder.Of<ReserveFunds>(m => m.OrderId == orderId));

        await host.Bus.Publish(new ShipOrder(orderId), Cancellation);

        await Eventually.HoldsAsync(async () => await LoadAsync(host, orderId) is null, Cancellation);
    }

    [Fact]
    public async Task Applies_two_concurrent_messages_exactly_once_each_by_retrying_the_one_that_lost_the_race()
    {
        await using var host = await StartAsync();
        var orderId = NewId.NextGuid();
        await host.Bus.Publish(new SubmitOrder(orderId), Cancellation);
        await Eventually.HoldsAsync(() => Task.FromResult(_recorder.Of<OrderAccepted>(m => m.OrderId == orderId).Count == 1), Cancellation);

        _gate.Enabled = true;
        await Task.WhenAll(
            host.Bus.Publish(new AddItem(orderId, "book"), Cancellation),
            host.Bus.Publish(new AddItem(orderId, "lamp"), Cancellation));

        await Eventually.HoldsAsync(async () => (await LoadAsync(host, orderId))?.Items.Count >= 2, Cancellation);
        var order = await LoadAsync(host, orderId);
        Assert.Equal(["book", "lamp"], order!.Items.Order());
        Assert.True(_gate.Retries >= 1, "Both messages read the same version, so one must have failed its concurrency check and been retried.");
    }

    [Fact]
    public async Task Is_created_once_when_two_messages_start_it_at_the_same_time()
    {
        await using var host = await StartAsync();
        var orderId = NewId.NextGuid();
        _gate.Enabled = true;

        await Task.WhenAll(
            host.Bus.Publish(new AddItem(orderId, "pen"), Cancellation),
            host.Bus.Publish(new AddItem(orderId, "ink"), Cancellation));

        await Eventually.HoldsAsync(async () => (await LoadAsync(host, orderId))?.Items.Count >= 2, Cancellation);
        var order = await LoadAsync(host, orderId);
        Assert.Equal(["ink", "pen"], order!.Items.Order());
        Assert.Equal("Open", order.CurrentState);
        Assert.True(_gate.Retries >= 1, "Both messages found no saga, so the second insert must have failed and been retried.");
    }

    [Fact]
    public async Task Also_works_without_the_outbox_committing_each_change_on_its_own()
    {
        await using var host = await StartAsync(outbox: false);
        var orderId = NewId.NextGuid();

        await host.Bus.Publish(new AddItem(orderId, "cup"), Cancellation);
        await Eventually.HoldsAsync(async () => (await LoadAsync(host, orderId))?.Items.Count == 1, Cancellation);
        await host.Bus.Publish(new AddItem(orderId, "saucer"), Cancellation);

        await Eventually.HoldsAsync(async () => (await LoadAsync(host, orderId))?.Items.Count == 2, Cancellation);
        Assert.Equal("Open", (await LoadAsync(host, orderId))?.CurrentState);
    }

    private Task<MessagingHost> StartAsync(bool outbox = true) =>
        MessagingHost.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString,
            bus =>
            {
                bus.AddSagaStateMachine<OrderStateMachine, OrderState>().MartenRepository();
                bus.AddConsumer<ReserveFundsConsumer>();
                bus.AddConsumer<OrderAcceptedConsumer>();
            },
            configureServices: services => services.AddSingleton(_recorder).AddSingleton(_gate),
            outbox: outbox);

    private static async Task<OrderState?> LoadAsync(MessagingHost host, Guid orderId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<OrderState>(orderId, Cancellation);
    }
}
