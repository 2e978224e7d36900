namespace IndieGent.Funding.Api.Wallets;

/// <summary>
/// A custodial wallet as Funding knows it (an agent's from AgentCreated, an operator's treasury from
/// TreasuryCreated): who may see its funding, and where deposits go.
/// </summary>
/// <param name="Id">The agent id, or the treasury id.</param>
/// <param name="Address">0x, lower case.</param>
/// <param name="IsTreasury">The operator's treasury: reached through <c>/v1/treasury/…</c> only, never as an agent.</param>
public sealed record FundedWallet(Guid Id, Guid OperatorId, string Address, DateTimeOffset CreatedAt, bool IsTreasury = false);
