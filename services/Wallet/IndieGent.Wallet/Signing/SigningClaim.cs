namespace IndieGent.Wallet.Signing;

/// <summary>
/// The one claim a payment makes on the signer (id = payment id), whatever its credential kind:
/// inserted in the commit that records the payment's first signature, so of two concurrent first
/// requests — even of different kinds — only one is ever signed.
/// </summary>
/// <param name="Kind"><c>authorization</c>, <c>transaction</c> or <c>permit2</c>: which record holds what was signed.</param>
public sealed record SigningClaim(Guid Id, Guid AgentId, string Kind, DateTimeOffset ClaimedAt)
{
    public const string Authorization = "authorization";
    public const string Transaction = "transaction";
    public const string Permit2 = "permit2";
}
