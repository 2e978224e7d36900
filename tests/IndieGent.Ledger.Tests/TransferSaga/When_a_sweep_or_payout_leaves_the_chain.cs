using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Api.Transfers;
using IndieGent.Ledger.Providers;
using IndieGent.Ledger.Tests.PaymentSaga;
using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests.TransferSaga;

/// <summary>
/// A marketplace sweep or payout whose confirmed relay a reorganisation removed: the transfer saga takes its booking back
/// (the sweep's amount unswept and in flight, its providers' earnings no longer in the settlement wallet; the payout owed
/// again and taken off the provider's list), waits as Submitted, and books it anew when the relay settles again, or
/// releases it when it fails.
/// </summary>
public sealed class When_a_sweep_or_payout_leaves_the_chain : IAsyncLifetime
{
    private const string ProviderA = "0x00000000000000000000000000000000000000aa";
    private const string ProviderB = "0x00000000000000000000000000000000000000bb";

    private readonly InMemoryAccounts _accounts = new();
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;
    private ISagaStateMachineTestHarness<TransferStateMachine, TransferState> _saga = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton<IAccountWriter>(_accounts)
            .AddSingleton(Options.Create(new PaymentSagaOptions { SettlementPatience = TimeSpan.FromMinutes(5) }))
            .AddSingleton(TimeProvider.System)
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddDelayedMessageScheduler();
                bus.AddSagaStateMachine<TransferStateMachine, TransferState>()
                    .Endpoint(e => e.Name = TransferReservations.SagaQueueName)
                    .InMemoryRepository();
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.UseDelayedMessageScheduler();
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<TransferStateMachine, TransferState>();
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();

    private void Seed(TransferState state) =>
        _provider.GetRequiredService<IndexedSagaDictionary<TransferState>>().Add(new SagaInstance<TransferState>(state));

    private async Task ReachesAsync(Guid id, Func<TransferStateMachine, MassTransit.State> state)
    {
        var found = await _saga.Exists(id, state, TimeSpan.FromSeconds(10));
        Assert.True(found.HasValue, $"The transfer is {_saga.Sagas.Contains(id)?.CurrentState ?? "gone"}, not {state(_saga.StateMachine).Name}.");
    }

    private static AgentAccount Called(AgentAccount account, string provider, long amount)
    {
        var reserve = Reserve(amount, provider, "provider.example") with { Kind = HoldKind.Marketplace };
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        return account.Fold(AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, amount, null, null, Noon, HoldKind.Marketplace)));
    }

    private ProviderAccount Provider(string address) => _accounts.Provider(address)!;

    [Fact]
    public async Task A_sweep_is_unswept_again_and_booked_anew_when_its_relay_settles_again()
    {
        // Swept and confirmed: 400 from the agent's wallet, 150 of it provider A's and 250 provider B's.
        var account = Called(Called(Funded(1_000), ProviderA, 150), ProviderB, 250);
        var started = (MarketplaceSweepStarted)AgentAccountDecider.Decide(account, new StartSweep(1, Noon)).Single();
        account = account.When(started);
        account = account.Fold(AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, true, 400, started.Shares, "0xgone", 9, null, Noon)));
        _accounts.Put(account);
        foreach (var share in started.Shares)
        {
            var opened = ProviderAccount.Open(new ProviderAccountOpened(ProviderAccounts.IdOf(share.PayoutAddress), share.PayoutAddress, "0xtoken", Noon));
            _accounts.Put(ProviderAccountDecider.Decide(opened, new BookSweptEarnings(started.SweepId, account.AgentId, share.Amount, Noon))
                .Aggregate(opened, (state, e) => state.When(e)));
        }

        Seed(new TransferState
        {
            CorrelationId = started.SweepId, CurrentState = "Completed", AgentId = account.AgentId, SourceWalletId = account.AgentId,
            Direction = TransferDirection.Sweep, Shares = [.. started.Shares], Amount = 400, To = "0x00000000000000000000000000000000000000cc",
            TxHash = "0xgone", BlockNumber = 9, RequestedAt = Noon, UpdatedAt = Noon,
        });

        await _harness.Bus.Publish(new TransferReorganisedOut(started.SweepId, "0xgone", 9, "400", DateTimeOffset.UtcNow), Ct);
        await ReachesAsync(started.SweepId, m => m.Submitted);

        var reopened = _accounts[account.AgentId];
        Assert.Equal((400L, 0L), (reopened.MarketplaceUnswept, reopened.Sweepable));
        Assert.True(reopened.ReopenedSweeps.ContainsKey(started.SweepId));
        Assert.Equal(account.Available, reopened.Available);
        Assert.Equal((0L, 0L), (Provider(ProviderA).Swept, Provider(ProviderB).Swept));

        await _harness.Bus.Publish(new TransferSettled(started.SweepId, "0xgone", 11, "400", DateTimeOffset.UtcNow), Ct);
        await ReachesAsync(started.SweepId, m => m.Completed);

        var swept = _accounts[account.AgentId];
        Assert.Equal((0L, 0L), (swept.MarketplaceUnswept, swept.Sweepable));
        Assert.Empty(swept.ReopenedSweeps);
        Assert.Equal((150L, 250L), (Provider(ProviderA).ReadyToPay, Provider(ProviderB).ReadyToPay));
        Assert.Equal(11, _saga.Sagas.Contains(started.SweepId)!.BlockNumber);
    }

    [Fact]
    public async Task A_payout_is_owed_again_and_released_for_the_next_one_when_its_relay_fails()
    {
        var opened = ProviderAccount.Open(new ProviderAccountOpened(ProviderAccounts.IdOf(ProviderA), ProviderA, "0xtoken", Noon));
        var provider = opened.When(ProviderAccountDecider.Decide(opened, new BookSweptEarnings(Guid.NewGuid(), Guid.NewGuid(), 300, Noon)).Single());
        var payout = (PayoutStarted)ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)).Single();
        provider = provider.When(payout);
        provider = provider.When(ProviderAccountDecider.Decide(provider, new FinishPayout(payout.PayoutId, true, 300, "0xpaid", 7, null, Noon)).Single());
        _accounts.Put(provider);
        Seed(new TransferState
        {
            CorrelationId = payout.PayoutId, CurrentState = "Completed", AgentId = provider.Id, Direction = TransferDirection.Payout, Amount = 300,
            To = ProviderA, TxHash = "0xpaid", BlockNumber = 7, RequestedAt = Noon, UpdatedAt = Noon,
        });

        // Another transaction's news is not this payout's.
        await _harness.Bus.Publish(new TransferReorganisedOut(payout.PayoutId, "0xother", 7, "300", DateTimeOffset.UtcNow), Ct);
        await _harness.Bus.Publish(new TransferReorganisedOut(payout.PayoutId, "0xpaid", 7, "300", DateTimeOffset.UtcNow), Ct);
        await ReachesAsync(payout.PayoutId, m => m.Submitted);

        Assert.Equal((0L, 300L, 0L), (Provider(ProviderA).PaidOut, Provider(ProviderA).Held, Provider(ProviderA).ReadyToPay));
        Assert.True(await _harness.Published.Any<ProviderPayoutReorganisedOut>(
            m => m.Context.Message.PayoutId == payout.PayoutId && m.Context.Message.TxHash == "0xpaid" && m.Context.Message.Amount == 300, Ct));

        await _harness.Bus.Publish(new TransferFailed(payout.PayoutId, TransferFailureReason.AuthorizationExpired, null, DateTimeOffset.UtcNow), Ct);
        await ReachesAsync(payout.PayoutId, m => m.Failed);

        Assert.Equal((0L, 300L), (Provider(ProviderA).PaidOut, Provider(ProviderA).ReadyToPay));
        Assert.Contains(payout.PayoutId, Provider(ProviderA).FailedPayouts);
        Assert.Empty(Provider(ProviderA).ReopenedPayouts);
    }
}
