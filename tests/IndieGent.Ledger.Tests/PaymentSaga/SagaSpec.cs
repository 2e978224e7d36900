using System.Security.Cryptography;
using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Api.Payments;
using IndieGent.ServiceDefaults.Tickets;
using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Tests.PaymentSaga;

/// <summary>
/// The PaymentSaga on MassTransit's in-memory test harness: an instance seeded as the reservation
/// creates it, messages sent to it, and what it publishes and leaves on the account observed.
/// </summary>
public abstract class SagaSpec : IAsyncLifetime
{
    protected const long Amount = 25_000;

    private static readonly ECDsa TicketKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private ServiceProvider _provider = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected InMemoryAccounts Accounts { get; } = new();

    protected ITestHarness Harness { get; private set; } = null!;

    protected ISagaStateMachineTestHarness<PaymentStateMachine, PaymentState> Saga { get; private set; } = null!;

    protected PaymentStateMachine Machine { get; private set; } = null!;

    protected Guid PaymentId { get; } = Guid.NewGuid();

    protected Guid AgentId { get; } = Guid.NewGuid();

    protected static PaymentSagaOptions Limits { get; } = new()
    {
        ApprovalWindow = TimeSpan.FromMinutes(10),
        SettlementPatience = TimeSpan.FromMilliseconds(300),
        MaxReconciliations = 3,
        TicketLifetime = TimeSpan.FromMinutes(5),
    };

    public async ValueTask InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton<IAccountWriter>(Accounts)
            .AddSingleton(Options.Create(Limits))
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new ApprovalTicketIssuer("spec", TicketKey))
            .AddSingleton<PaymentTickets>()
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddDelayedMessageScheduler();
                bus.AddSagaStateMachine<PaymentStateMachine, PaymentState>()
                    .Endpoint(e => e.Name = PaymentReservations.SagaQueueName)
                    .InMemoryRepository();
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.UseDelayedMessageScheduler();
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
        await Harness.Start();
        Saga = Harness.GetSagaStateMachineHarness<PaymentStateMachine, PaymentState>();
        Machine = Saga.StateMachine;
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();

    /// <summary>The instance the reservation leaves: in <paramref name="status"/>, its hold on the account.</summary>
    protected async Task SeedAsync(PaymentStatus status, Func<PaymentState, Task>? prepare = null)
    {
        Accounts.OpenWithHold(AgentId, PaymentId, Amount, awaitingApproval: status == PaymentStatus.AwaitingApproval);
        var state = new PaymentState
        {
            CorrelationId = PaymentId,
            AgentId = AgentId,
            OperatorId = Guid.NewGuid(),
            IdempotencyKey = "spec",
            Amount = Amount,
            CurrentState = status.ToString(),
            Terms = new PaymentTerms("mpp", 31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", AccountBuilder.Merchant, Amount.ToString(),
                "authorization", "api.example.com", "challenge-1", "api.example.com", DateTimeOffset.UtcNow.AddMinutes(5), "Payment id=\"challenge-1\""),
            RequestedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        if (prepare is not null)
            await prepare(state);
        _provider.GetRequiredService<IndexedSagaDictionary<PaymentState>>().Add(new SagaInstance<PaymentState>(state));
    }

    /// <summary>Schedules the instance's deadline as the reservation does: a message due later on the saga's queue, its token on the instance.</summary>
    protected async Task<Guid> ScheduleAsync<T>(T message, TimeSpan after)
        where T : class
    {
        using var scope = _provider.CreateScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<IMessageScheduler>();
        var scheduled = await scheduler.ScheduleSend(new Uri("queue:" + PaymentReservations.SagaQueueName), DateTime.UtcNow + after, message, Ct);
        return scheduled.TokenId;
    }

    protected Task SendAsync<T>(T message)
        where T : class =>
        Harness.Bus.Publish(message, Ct);

    /// <summary>Waits until the instance is in <paramref name="state"/>; the instance, or a failure naming where it is.</summary>
    protected async Task<PaymentState> ReachesAsync(Func<PaymentStateMachine, MassTransit.State> state)
    {
        var found = await Saga.Exists(PaymentId, state, TimeSpan.FromSeconds(10));
        var instance = Saga.Sagas.Contains(PaymentId);
        Assert.True(found.HasValue, $"The payment is {instance?.CurrentState ?? "gone"}, not {state(Machine).Name}.");
        return instance!;
    }

    protected async Task<T> PublishedAsync<T>(Func<T, bool> match)
        where T : class
    {
        Assert.True(await Harness.Published.Any<T>(m => m.Context.Message is var x && match(x), Ct), $"No matching {typeof(T).Name} was published.");
        return Harness.Published.Select<T>(Ct).First(m => match(m.Context.Message)).Context.Message;
    }

    protected static ApprovalTicket? Verify(string ticket) =>
        ApprovalTicketCodec.Verify(ticket, new Dictionary<string, ECDsa> { ["spec"] = TicketKey }, out _);
}
