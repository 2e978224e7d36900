using System.Numerics;

namespace IndieGent.Chain.X402;

/// <summary>
/// The <c>exact</c> proxy's <c>Witness(address to,uint256 validAfter)</c>: what an x402 <c>exact</c> payer using
/// Permit2 binds into its signature besides the permit (<c>permit2Authorization.witness</c>).
/// </summary>
/// <param name="To">The recipient of the funds (the requirements' <c>payTo</c>).</param>
/// <param name="ValidAfter">The earliest block timestamp (seconds) at which it may be settled; the permit's deadline is the latest.</param>
public sealed record ExactWitness(EvmAddress To, BigInteger ValidAfter);
