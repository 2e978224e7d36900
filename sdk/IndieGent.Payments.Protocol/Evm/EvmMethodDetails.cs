namespace IndieGent.Payments.Protocol.Evm;

/// <summary>The evm <c>methodDetails</c> of a charge request.</summary>
/// <param name="ChainId">The EIP-155 chain id (required).</param>
/// <param name="CredentialTypes">The accepted credential types in server preference order, when stated.</param>
/// <param name="Decimals">The token's decimals, for display.</param>
/// <param name="Permit2Address">The Permit2 contract when not the canonical one.</param>
/// <param name="Splits">Additional recipients; requires <c>permit2</c> credentials.</param>
/// <param name="Spender">
/// Who submits a <c>permit2</c> credential, and so the permit's spender (Permit2 takes its caller as the spender). The
/// draft names no spender; this member (as mppx's Permit2 work proposes) tells the payer whom to sign for. A server
/// offering <c>permit2</c> states it.
/// </param>
public sealed record EvmMethodDetails(
    long ChainId,
    IReadOnlyList<string>? CredentialTypes = null,
    int? Decimals = null,
    EvmAddress? Permit2Address = null,
    IReadOnlyList<EvmSplit>? Splits = null,
    EvmAddress? Spender = null)
{
    /// <summary>
    /// The largest chain id a JSON number carries exactly (2^53 − 1): JCS and JavaScript peers treat
    /// numbers as IEEE doubles, so a larger <c>chainId</c> would change in transit.
    /// </summary>
    public const long MaxChainId = 9_007_199_254_740_991;

    /// <summary>The canonical Permit2 deployment.</summary>
    public static readonly EvmAddress CanonicalPermit2 = EvmAddress.Parse("0x000000000022D473030F116dDEE9F6B43aC78BA3");

    /// <summary>
    /// The credential types the server accepts: <see cref="CredentialTypes"/> when stated, otherwise
    /// <c>transaction</c> and <c>hash</c> (the draft's MUST and SHOULD for an omitted list).
    /// </summary>
    public IReadOnlyList<string> EffectiveCredentialTypes => CredentialTypes ?? EvmCredentialTypes.DefaultWhenOmitted;

    /// <summary>The Permit2 contract to use.</summary>
    public EvmAddress EffectivePermit2Address => Permit2Address ?? CanonicalPermit2;

    /// <summary>Whether the request splits the payment (only <c>permit2</c> can pay it).</summary>
    public bool HasSplits => Splits is { Count: > 0 };

    /// <summary>Value equality, lists compared element by element.</summary>
    /// <param name="other">The other details.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(EvmMethodDetails? other) =>
        other is not null
        && ChainId == other.ChainId && Decimals == other.Decimals && Permit2Address == other.Permit2Address && Spender == other.Spender
        && SameSequence(CredentialTypes, other.CredentialTypes) && SameSequence(Splits, other.Splits);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ChainId, Decimals, Permit2Address, CredentialTypes?.Count, Splits?.Count);

    private static bool SameSequence<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) =>
        a is null || b is null ? a is null && b is null : a.SequenceEqual(b);
}
