using System.Numerics;
using IndieGent.Chain;

namespace IndieGent.Wallet.Signing;

/// <summary>
/// What the Ledger approved for one payment, read from its verified approval ticket: the only
/// thing the signer signs against. <see cref="ExpiresAt"/> bounds when the payment's first
/// signature may be made; once claimed, the payment's own signature is repeated (or, for a
/// transaction, re-signed at its nonce with other fees) without a new approval.
/// </summary>
/// <param name="CredentialType"><c>authorization</c> or <c>hash</c> (an EIP-3009 authorization; a hash's is relayed), <c>transaction</c> (an EIP-1559 transfer), <c>transfer</c> (between the operator's own wallets, relayed), <c>sweep</c> (an agent's marketplace spend to the marketplace settlement wallet, relayed) or <c>payout</c> (the settlement wallet to a provider, relayed).</param>
/// <param name="Spender">For <c>permit2</c>: the only spender a permit may name.</param>
/// <param name="Splits">For <c>permit2</c>: the other recipients and their exact parts of <paramref name="Amount"/>, in order.</param>
public sealed record SigningApproval(
    Guid PaymentId, Guid AgentId, long ChainId, EvmAddress Token, EvmAddress Recipient, BigInteger Amount, string CredentialType,
    DateTimeOffset ExpiresAt, EvmAddress? Spender = null, IReadOnlyList<(EvmAddress Recipient, BigInteger Amount)>? Splits = null)
{
    public const string Authorization = "authorization";

    /// <summary>A Permit2 witness transfer the merchant submits (MPP <c>permit2</c>, splits included).</summary>
    public const string Permit2 = "permit2";
    public const string Hash = "hash";
    public const string Transaction = "transaction";

    /// <summary>A transfer between an operator's own wallets (treasury ↔ agent): an EIP-3009 authorization the relayer sends.</summary>
    public const string Transfer = "transfer";

    /// <summary>A net sweep of an agent's settled marketplace spend into the marketplace settlement wallet.</summary>
    public const string Sweep = "sweep";

    /// <summary>A provider's payout from the marketplace settlement wallet.</summary>
    public const string Payout = "payout";

    /// <summary>
    /// An EIP-3009 authorization is what this approval allows: for an <c>authorization</c> credential
    /// (the merchant submits it) and for a <c>hash</c> (the platform's relayer submits it, so the
    /// agent needs no gas). Otherwise (a <c>transaction</c>) an EIP-1559 transfer from the agent's wallet.
    /// </summary>
    public bool AllowsAuthorization => CredentialType is Authorization or Hash;

    /// <summary>An EIP-1559 transfer from the agent's wallet: only for a <c>transaction</c> credential.</summary>
    public bool AllowsTransaction => CredentialType == Transaction;

    /// <summary>A transfer between custodial wallets, a sweep or a payout included (signed by the transfer signer only).</summary>
    public bool IsTransfer => CredentialType is Transfer or Sweep or Payout;

    /// <summary>
    /// The relayer may carry the authorization: for a <c>hash</c> payment and for every transfer (an
    /// <c>authorization</c> credential is the merchant's to submit).
    /// </summary>
    public bool AllowsRelay => CredentialType == Hash || IsTransfer;

    /// <summary>A Permit2 witness transfer, and the one-time EIP-2612 permit that lets Permit2 move the wallet's tokens.</summary>
    public bool AllowsPermit2 => CredentialType == Permit2;

    /// <summary>
    /// A disabled agent still pays for the marketplace calls it already made: only a sweep moves a
    /// disabled agent's money.
    /// </summary>
    public bool MovesDisabledWallets => CredentialType == Sweep;
}
