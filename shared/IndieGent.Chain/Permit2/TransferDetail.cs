using System.Numerics;

namespace IndieGent.Chain.Permit2;

/// <summary>
/// Permit2's <c>SignatureTransferDetails(address to, uint256 requestedAmount)</c>: where the spender sends
/// a permitted token and how much of it. Not signed by the owner; the spender chooses it when it submits.
/// </summary>
/// <param name="To">The recipient.</param>
/// <param name="RequestedAmount">The amount moved, at most the permitted amount; 0 skips a batch entry.</param>
public sealed record TransferDetail(EvmAddress To, BigInteger RequestedAmount);
