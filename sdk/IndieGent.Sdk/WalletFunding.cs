namespace IndieGent.Sdk;

/// <summary>
/// How to fund the agent's IndieGent wallet, and what arrived (<c>GET /v1/wallet/funding</c>).
/// Amounts are base units of the token as decimal text.
/// </summary>
/// <param name="AgentId">The agent.</param>
/// <param name="ChainId">The EVM chain the wallet is on.</param>
/// <param name="Token">The token to send.</param>
/// <param name="Address">Where to send the token (EIP-55).</param>
/// <param name="PaymentUri">An EIP-681 request a wallet app opens to send the token there.</param>
/// <param name="QrCodeSvg">The payment URI as a QR code (SVG markup).</param>
/// <param name="MinimumConfirmations">Blocks on top of a deposit before it is credited.</param>
/// <param name="Deposits">Deposits so far, newest first.</param>
public sealed record WalletFunding(
    Guid AgentId, long ChainId, WalletFunding.TokenInfo Token, string Address, string PaymentUri, string QrCodeSvg, int MinimumConfirmations,
    IReadOnlyList<WalletFunding.Deposit> Deposits)
{
    /// <summary>The token the wallet holds.</summary>
    /// <param name="Address">The token contract (EIP-55).</param>
    /// <param name="Symbol">Its symbol, e.g. USDC.</param>
    /// <param name="Decimals">Its decimals (USDC: 6).</param>
    public sealed record TokenInfo(string Address, string Symbol, int Decimals);

    /// <summary>A transfer to the wallet.</summary>
    /// <param name="Id">"chainId:txHash:logIndex": the id the ledger credits it under, once.</param>
    /// <param name="Amount">Base units.</param>
    /// <param name="AmountFormatted">In whole tokens, with all of the token's decimals.</param>
    /// <param name="TxHash">The transaction.</param>
    /// <param name="BlockNumber">Its block.</param>
    /// <param name="Status"><c>pending-confirmations</c> (mined, not yet spendable) or <c>credited</c>.</param>
    public sealed record Deposit(string Id, string Amount, string AmountFormatted, string TxHash, long BlockNumber, string Status);
}
