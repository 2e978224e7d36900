namespace IndieGent.Contracts.Treasuries;

/// <summary>
/// The Wallet created an operator's treasury: a custodial wallet like an agent's (key generated and
/// sealed in the Wallet), id <see cref="TreasuryIds.Of"/> of the operator. The Ledger opens its
/// account, Settlement watches its address for deposits, Funding lists them.
/// </summary>
/// <param name="WalletAddress">0x + 40 hex digits.</param>
public sealed record TreasuryCreated(Guid TreasuryId, Guid OperatorId, string WalletAddress, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => TreasuryId;
}
