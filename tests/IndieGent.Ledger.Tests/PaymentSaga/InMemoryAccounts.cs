using System.Collections.Concurrent;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Providers;
using MassTransit;

namespace IndieGent.Ledger.Tests.PaymentSaga;

/// <summary>
/// Agent accounts folded in memory with the real decider, for the saga's specs: what each step
/// appended is visible as the account's state. (The Marten-backed writer is covered by the
/// platform and account-store tests.)
/// </summary>
public sealed class InMemoryAccounts : IAccountWriter
{
    private readonly ConcurrentDictionary<Guid, AgentAccount> _accounts = new();

    public AgentAccount this[Guid agentId] => _accounts[agentId];

    public Task AppendAsync(ConsumeContext context, Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide)
    {
        _accounts.AddOrUpdate(agentId, _ => throw new InvalidOperationException($"No account {agentId}."),
            (_, account) => decide(account).Aggregate(account, (state, e) => state.When(e)));
        return Task.CompletedTask;
    }

    private readonly ConcurrentDictionary<Guid, ProviderAccount> _providers = new();

    public ProviderAccount? Provider(string payoutAddress) => _providers.GetValueOrDefault(ProviderAccounts.IdOf(payoutAddress));

    public Task AppendProviderAsync(ConsumeContext context, string payoutAddress, Func<ProviderAccount, IReadOnlyList<object>> decide)
    {
        var id = ProviderAccounts.IdOf(payoutAddress);
        _providers.AddOrUpdate(id,
            _ =>
            {
                var opened = ProviderAccount.Open(new ProviderAccountOpened(id, payoutAddress.ToLowerInvariant(), "0xtoken", DateTimeOffset.UtcNow));
                return decide(opened).Aggregate(opened, (state, e) => state.When(e));
            },
            (_, account) => decide(account).Aggregate(account, (state, e) => state.When(e)));
        return Task.CompletedTask;
    }

    /// <summary>A funded account with a hold for <paramref name="paymentId"/>, as the reservation leaves it.</summary>
    public void OpenWithHold(Guid agentId, Guid paymentId, long amount, bool awaitingApproval)
    {
        var now = DateTimeOffset.UtcNow;
        var account = AgentAccount.Open(new AccountOpened(agentId, Guid.NewGuid(), "0xtoken", now))
            .When(new FundsCredited(agentId, "deposit-1", 1_000_000, CreditSource.Deposit, "0xtx", now))
            .When(new HoldPlaced(agentId, paymentId, amount, AccountBuilder.Merchant, "api.example.com", "challenge-1", awaitingApproval, now));
        _accounts[agentId] = account;
    }

    /// <summary>An account as earlier steps left it (a transfer saga's spec starts from a sweep already booked).</summary>
    public void Put(AgentAccount account) => _accounts[account.AgentId] = account;

    public void Put(ProviderAccount account) => _providers[account.Id] = account;
}
