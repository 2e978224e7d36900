using IndieGent.Ledger.Accounts;

namespace IndieGent.Ledger.Tests;

internal static class AccountBuilder
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    public const string Merchant = "0x1111111111111111111111111111111111111111";

    public static AgentAccount Funded(long credits, SpendingPolicy? policy = null)
    {
        var agent = Guid.NewGuid();
        var account = AgentAccount.Open(new AccountOpened(agent, Guid.NewGuid(), "0xtoken", Noon));
        if (policy is not null)
            account = account.When(new SpendingPolicyApplied(agent, policy, 1, Noon));
        return credits > 0
            ? account.When(new FundsCredited(agent, "deposit-1", credits, CreditSource.Deposit, "0xtx", Noon))
            : account;
    }

    public static AgentAccount Fold(this AgentAccount account, IEnumerable<object> events) =>
        events.Aggregate(account, (state, e) => state.When(e));

    public static ReserveFunds Reserve(long amount, string recipient = Merchant, string? host = "api.example.com", DateTimeOffset? at = null) =>
        new(Guid.NewGuid(), amount, recipient, host, "challenge-1", at ?? Noon);
}
