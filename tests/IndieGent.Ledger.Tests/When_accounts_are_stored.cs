using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using Marten;

namespace IndieGent.Ledger.Tests;

public sealed class When_accounts_are_stored(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private const string Token = "0x036cbd53842c5426634e7929541ec2318f3dcf7e";
    private const string Merchant = "0x1111111111111111111111111111111111111111";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> FundedAgent(long credits, SpendingPolicy? policy = null)
    {
        var agent = Guid.NewGuid();
        await db.Accounts.OpenAsync(agent, Guid.NewGuid(), Token, null, Ct);
        if (policy is not null)
            await db.Accounts.ApplyPolicyAsync(agent, policy, 1, Ct);
        if (credits > 0)
            await db.Accounts.CreditAsync(agent, $"deposit-{agent:N}", credits, CreditSource.Deposit, "0xdeposit", Ct);
        return agent;
    }

    private async Task<AgentAccount> Load(Guid agent)
    {
        await using var session = db.Store.QuerySession();
        return (await session.LoadAsync<AgentAccount>(agent, Ct))!;
    }

    [Fact]
    public async Task A_payment_is_held_captured_and_recorded_with_a_balanced_journal()
    {
        var agent = await FundedAgent(1_000_000);
        var payment = Guid.NewGuid();

        Assert.IsType<HoldPlaced>(Assert.Single(await db.Accounts.ReserveAsync(agent, payment, 250_000, Merchant, "api.example.com", "ch1", Ct)));
        Assert.IsType<HoldCaptured>(Assert.Single(await db.Accounts.CaptureAsync(agent, payment, 250_000, "0xabc", 12, Ct)));

        var account = await Load(agent);
        Assert.Equal(750_000, account.Available);
        Assert.Equal(0, account.PendingDebits);

        await using var session = db.Store.QuerySession();
        var record = await session.LoadAsync<PaymentRecord>(payment, Ct);
        Assert.Equal(PaymentLedgerStatus.Captured, record!.Status);
        Assert.Equal("0xabc", record.TxHash);

        var events = await session.Events.FetchStreamAsync(agent, token: Ct);
        var journal = LedgerAccounts.Journal(Token, events.Select(e => (e.Sequence, e.Data))).ToList();
        var agentAccount = LedgerAccounts.Agent(agent);
        var agentBalance = journal.Sum(j => (j.Credit == agentAccount ? j.Amount : 0) - (j.Debit == agentAccount ? j.Amount : 0));
        Assert.Equal(account.Available, agentBalance);
        // Every account's debits and credits net to zero across the whole journal.
        var net = journal.SelectMany(j => new[] { (j.Debit, -j.Amount), (j.Credit, j.Amount) }).Sum(x => x.Item2);
        Assert.Equal(0, net);
    }

    [Fact]
    public async Task Two_hundred_concurrent_payments_against_a_budget_that_fits_forty_approve_exactly_forty()
    {
        const long price = 5_000;
        const int fits = 40;
        var agent = await FundedAgent(10_000_000, SpendingPolicy.Unrestricted with { DailyBudget = price * fits });

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => db.Accounts.ReserveAsync(agent, Guid.NewGuid(), price, Merchant, null, null, Ct), Ct)));

        var held = decisions.Count(d => d.Single() is HoldPlaced);
        var denied = decisions.Select(d => d.Single()).OfType<ReservationDenied>().ToList();
        Assert.Equal(fits, held);
        Assert.Equal(200 - fits, denied.Count);
        Assert.All(denied, d => Assert.Equal(DenialReason.ExceedsDailyBudget, d.Reason));

        var account = await Load(agent);
        Assert.Equal(price * fits, account.PendingDebits);
        Assert.Equal(fits, account.OpenHolds.Count);
    }

    [Fact]
    public async Task Two_replicas_reserving_on_one_account_stay_within_the_budget_through_optimistic_concurrency()
    {
        const long price = 1_000;
        var agent = await FundedAgent(1_000_000, SpendingPolicy.Unrestricted with { DailyBudget = price * 25 });
        await using var secondStore = DocumentStore.For(options =>
        {
            options.Connection(db.Store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
            options.DatabaseSchemaName = "ledger";
            LedgerStoreConfiguration.Configure(options);
        });
        AccountService[] replicas = [db.Accounts, new AccountService(secondStore, TimeProvider.System)];

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => replicas[i % 2].ReserveAsync(agent, Guid.NewGuid(), price, Merchant, null, null, Ct), Ct)));

        Assert.Equal(25, decisions.Count(d => d.Single() is HoldPlaced));
        Assert.Equal(price * 25, (await Load(agent)).PendingDebits);
    }

    [Fact]
    public async Task Concurrent_reservations_never_overdraw_the_account()
    {
        var agent = await FundedAgent(100_000);
        var decisions = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ =>
            Task.Run(() => db.Accounts.ReserveAsync(agent, Guid.NewGuid(), 7_000, Merchant, null, null, Ct), Ct)));

        Assert.Equal(100_000 / 7_000, decisions.Count(d => d.Single() is HoldPlaced));
        var account = await Load(agent);
        Assert.True(account.PendingDebits <= account.Credits);
        Assert.Equal(100_000 % 7_000, account.Available);
    }

    [Fact]
    public async Task The_same_payment_reserved_five_times_concurrently_is_held_once()
    {
        var agent = await FundedAgent(100_000);
        var payment = Guid.NewGuid();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => db.Accounts.ReserveAsync(agent, payment, 10_000, Merchant, null, null, Ct), Ct)));

        Assert.Equal(1, decisions.Count(d => d.Count == 1));
        Assert.Equal(10_000, (await Load(agent)).PendingDebits);
    }

    [Fact]
    public async Task Opening_an_account_twice_is_harmless()
    {
        var agent = Guid.NewGuid();
        await db.Accounts.OpenAsync(agent, Guid.NewGuid(), Token, null, Ct);
        await db.Accounts.OpenAsync(agent, Guid.NewGuid(), Token, null, Ct);
        Assert.NotNull(await Load(agent));
    }

    [Fact]
    public async Task Reserving_on_an_unknown_account_is_a_clear_error() =>
        await Assert.ThrowsAsync<AccountNotFoundException>(() =>
            db.Accounts.ReserveAsync(Guid.NewGuid(), Guid.NewGuid(), 1, Merchant, null, null, Ct));
}
