using System.Numerics;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>One additional recipient of a split charge (draft-evm-charge §Payment Splits).</summary>
/// <param name="Recipient">The split recipient.</param>
/// <param name="Amount">Base units for this recipient.</param>
/// <param name="Memo">A display label of at most 256 characters.</param>
public sealed record EvmSplit(EvmAddress Recipient, BigInteger Amount, string? Memo = null);
