namespace IndieGent.Contracts.Transfers;

/// <summary>
/// Ledger → Settlement: move <paramref name="Amount"/> from the custodial wallet <paramref name="SourceWalletId"/>
/// (an agent's, a treasury's or the marketplace settlement wallet) to <paramref name="To"/> by an EIP-3009
/// authorization the Wallet signs only with <paramref name="Ticket"/> (kind <c>transfer</c>, <c>sweep</c> or
/// <c>payout</c>, naming exactly this transfer, source, destination and amount), sent by the platform's gas relayer. Sent again (same ticket) while the
/// transfer waits; Settlement answers what it recorded.
/// </summary>
/// <param name="To">The destination address, 0x + 40 hex digits.</param>
/// <param name="Amount">Base units, decimal string.</param>
public sealed record SettleTransfer(Guid TransferId, Guid SourceWalletId, string To, string Amount, string Ticket) : ICorrelatedMessage
{
    public Guid CorrelationId => TransferId;
}
