using System.Numerics;
using IndieGent.Chain;

namespace IndieGent.Wallet.Signing;

/// <summary>
/// What the Ledger approved for one payment, read from its verified approval ticket: the only
/// thing the signer signs against. <see cref="ExpiresAt"/> bounds when the payment's first
/// signature may be made; once claimed, the payment's own signature is repeated (or, for a
/// transaction, re-signed at its nonce with other fees) without a new approval.
/// </summary>
/// <param name="CredentialType"><c>authorization</c> (EIP-3009), or <c>transaction</c> / <c>hash</c> (an EIP-1559 transfer).</param>
public sealed record SigningApproval(
    Guid PaymentId, Guid AgentId, long ChainId, EvmAddress Token, EvmAddress Recipient, BigInteger Amount, string CredentialType,
    DateTimeOffset ExpiresAt)
{
    public const string Authorization = "authorization";

    /// <summary>An EIP-3009 authorization is what this approval allows; otherwise an EIP-1559 transfer.</summary>
    public bool AllowsAuthorization => CredentialType == Authorization;
}
