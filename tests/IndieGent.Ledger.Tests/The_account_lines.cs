using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Payments;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Tests;

/// <summary>
/// The request path's writers of one account: steps that queue behind a commit go into the next one
/// together, each deciding on what the ones before it left, and none is lost or doubled by another's failure.
/// </summary>
public sealed class The_account_lines(LedgerDatabase db) : IClassFixture<LedgerDatabase>, IAsyncDisposable
{
    private const string Token = "0x036cbd53842c5426634e7929541ec2318f3dcf7e";
    private const string Merchant = "0x1111111111111111111111111111111111111111";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly ServiceProvider _services = Services(db);

    private static ServiceProvider Services(LedgerDatabase db)
    {
        var services = new ServiceCollection();
        services.AddScoped<IDocumentSession>(_ => db.Store.LightweightSession());
        services.AddSingleton(Options.Create(new PaymentSagaOptions()));
        services.AddSingleton<AccountLines>();
        return services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private AccountLines Lines => _services.GetRequiredService<AccountLines>();

    private async Task<Guid> FundedAgent(long credits)
    {
        var agent = Guid.NewGuid();
        await db.Accounts.OpenAsync(agent, Guid.NewGuid(), Token, null, Ct);
        await db.Accounts.CreditAsync(agent, $"deposit-{agent:N}", credits, CreditSource.Deposit, "0xdeposit", Ct);
        return agent;
    }

    private static Task<IReadOnlyList<object>> Reserve(IServiceProvider services, Guid agent, Guid payment, long amount, CancellationToken ct) =>
        AccountService.AppendAsync(services.GetRequiredService<IDocumentSession>(), agent, account =>
            AgentAccountDecider.Decide(account, new ReserveFunds(payment, amount, Merchant, null, null, DateTimeOffset.UtcNow)), ct);

    [Fact]
    public async Task A_burst_of_one_accounts_steps_is_decided_in_a_few_commits_and_holds_exactly_what_the_balance_allows()
    {
        var agent = await FundedAgent(1_000);
        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
        {
            var payment = Guid.NewGuid();
            return Lines.RunAsync(agent, payment, (services, ct) => Reserve(services, agent, payment, 30, ct), Ct);
        }));

        Assert.Equal(33, decisions.Count(d => d.Single() is HoldPlaced));
        Assert.Equal(67, decisions.Count(d => d.Single() is ReservationDenied { Reason: DenialReason.InsufficientFunds }));
        await using var session = db.Store.QuerySession();
        var account = (await session.LoadAsync<AgentAccount>(agent, Ct))!;
        Assert.Equal((10L, 990L), (account.Available, account.PendingDebits));
        // An event's timestamp is its transaction's: the 100 decisions took a handful of commits, not 100.
        var events = await session.Events.FetchStreamAsync(agent, token: Ct);
        var commits = events.Where(e => e.Data is HoldPlaced or ReservationDenied).Select(e => e.Timestamp).Distinct().Count();
        Assert.InRange(commits, 1, 10);
    }

    [Fact]
    public async Task A_step_that_throws_fails_alone_and_leaves_nothing_behind()
    {
        var agent = await FundedAgent(1_000);
        var broken = Guid.NewGuid();
        var payments = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        payments.Insert(10, broken);
        var runs = payments.Select(payment => Lines.RunAsync(agent, payment, async (services, ct) =>
        {
            var events = await Reserve(services, agent, payment, 10, ct);
            return payment == broken ? throw new InvalidOperationException("broken step") : events;
        }, Ct)).ToList();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => runs[10]);
        Assert.Equal("broken step", failure.Message);
        foreach (var run in runs.Where((_, i) => i != 10))
            Assert.IsType<HoldPlaced>(Assert.Single(await run));

        await using var session = db.Store.QuerySession();
        var account = (await session.LoadAsync<AgentAccount>(agent, Ct))!;
        Assert.Equal(200, account.PendingDebits);
        Assert.False(account.OpenHolds.ContainsKey(broken));
    }

    [Fact]
    public async Task Two_steps_about_the_same_payment_never_share_a_commit()
    {
        var agent = await FundedAgent(1_000);
        var payment = Guid.NewGuid();
        // Both read "not held yet" only if they were decided in one commit; the second must see the first's hold.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Lines.RunAsync(agent, payment, (services, ct) => Reserve(services, agent, payment, 100, ct), Ct)));

        Assert.Single(decisions, d => d.Count == 1 && d[0] is HoldPlaced);
        Assert.Single(decisions, d => d.Count == 0);
        await using var session = db.Store.QuerySession();
        Assert.Equal(100, (await session.LoadAsync<AgentAccount>(agent, Ct))!.PendingDebits);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_before_its_step_starts_writes_nothing()
    {
        var agent = await FundedAgent(1_000);
        var gate = new TaskCompletionSource();
        var first = Lines.RunAsync(agent, Guid.NewGuid(), async (services, ct) =>
        {
            await gate.Task;
            return await Reserve(services, agent, Guid.NewGuid(), 100, ct);
        }, Ct);
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var dropped = Guid.NewGuid();
        var second = Lines.RunAsync(agent, dropped, (services, ct) => Reserve(services, agent, dropped, 100, ct), impatient.Token);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        gate.SetResult();
        Assert.IsType<HoldPlaced>(Assert.Single(await first));

        // A later step on the line runs after the dropped one would have: it is not there.
        var third = Guid.NewGuid();
        await Lines.RunAsync(agent, third, (services, ct) => Reserve(services, agent, third, 100, ct), Ct);
        await using var session = db.Store.QuerySession();
        var account = (await session.LoadAsync<AgentAccount>(agent, Ct))!;
        Assert.Equal(200, account.PendingDebits);
        Assert.False(account.OpenHolds.ContainsKey(dropped));
    }
}
