using System.Numerics;
using IndieGent.Payments.Protocol.Evm;

namespace IndieGent.Payments.AspNetCore;

/// <summary>The price of an endpoint: <paramref name="Amount"/> base units of <paramref name="Token"/> to <paramref name="Recipient"/>.</summary>
/// <param name="Amount">Base units (for a 6-decimal token, 10000 = 0.01).</param>
/// <param name="Token">The ERC-20 (EIP-3009) token.</param>
/// <param name="Recipient">Who is paid (with splits: the remainder).</param>
/// <param name="Description">Shown to payers.</param>
/// <param name="Splits">Others paid out of <paramref name="Amount"/> in the same transaction (MPP <c>permit2</c> only).</param>
public sealed record PaymentRequirement(
    BigInteger Amount, EvmAddress Token, EvmAddress Recipient, string? Description = null, IReadOnlyList<EvmSplit>? Splits = null)
{
    /// <summary>Whether others are paid out of the amount.</summary>
    public bool HasSplits => Splits is { Count: > 0 };

    /// <summary>Whether <paramref name="splits"/> (a challenge's) are this requirement's.</summary>
    public bool SplitsAre(IReadOnlyList<EvmSplit>? splits) =>
        HasSplits ? splits is not null && splits.SequenceEqual(Splits!) : splits is not { Count: > 0 };
}
