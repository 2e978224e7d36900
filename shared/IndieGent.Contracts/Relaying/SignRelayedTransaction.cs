namespace IndieGent.Contracts.Relaying;

/// <summary>
/// Request (Settlement → Wallet, <c>POST /internal/signatures/relay</c>): have the platform's relayer
/// sign an EIP-1559 transaction at relayer nonce <paramref name="Nonce"/> for relay
/// <paramref name="RelayId"/>: the token's <c>transferWithAuthorization</c> call in
/// <paramref name="Calldata"/> (first time, or again with higher fees), or a zero-value transaction
/// from the relayer to itself that consumes the nonce when the authorization can no longer pay.
/// Answered with <see cref="RelayedTransactionSigned"/> or <see cref="RelayedTransactionRefused"/>.
/// </summary>
/// <remarks>
/// The Wallet signs a relay only when <paramref name="Calldata"/> carries the EIP-3009 authorization
/// it signed itself for <paramref name="RelayId"/>, from the custodial wallet of
/// <paramref name="AgentId"/>, to exactly the recipient and amount the ticket names. Settlement
/// assigns the nonce (see its <c>RelayerNonce</c>); the Wallet binds a nonce to one relay forever.
/// </remarks>
/// <param name="RelayId">The relay's id: for a payment, the payment id (the ticket's).</param>
/// <param name="Kind"><c>relay</c> or <c>cancel</c>.</param>
/// <param name="Calldata">0x-prefixed call data of <c>transferWithAuthorization</c>; ignored for a cancellation.</param>
/// <param name="MaxFeePerGas">Wei, decimal string.</param>
/// <param name="MaxPriorityFeePerGas">Wei, decimal string.</param>
/// <param name="Ticket">The Ledger-signed approval ticket naming the relay's id, agent, recipient and amount.</param>
public sealed record SignRelayedTransaction(
    Guid RelayId, Guid AgentId, string Kind, long ChainId, string Token, string Calldata, long GasLimit,
    string MaxFeePerGas, string MaxPriorityFeePerGas, long Nonce, string Ticket) : ICorrelatedMessage
{
    public const string Relay = "relay";
    public const string Cancel = "cancel";

    public Guid CorrelationId => RelayId;
}
