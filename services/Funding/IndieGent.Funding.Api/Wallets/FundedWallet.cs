namespace IndieGent.Funding.Api.Wallets;

/// <summary>An agent's (or an operator's treasury's) custodial wallet as Funding knows it (from AgentCreated, TreasuryCreated): who may see its funding, and where deposits go.</summary>
/// <param name="Id">The agent id (or the treasury id).</param>
/// <param name="Address">0x, lower case.</param>
public sealed record FundedWallet(Guid Id, Guid OperatorId, string Address, DateTimeOffset CreatedAt);
