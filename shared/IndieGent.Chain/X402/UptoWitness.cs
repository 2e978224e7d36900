using System.Numerics;

namespace IndieGent.Chain.X402;

/// <summary>
/// The <c>upto</c> proxy's <c>Witness(address to,address facilitator,uint256 validAfter)</c>: what an x402
/// <c>upto</c> payer binds into its Permit2 signature besides the permit (<c>permit2Authorization.witness</c>).
/// </summary>
/// <param name="To">The recipient of the funds (the requirements' <c>payTo</c>).</param>
/// <param name="Facilitator">The only account that may settle, and so choose the amount (the requirements' <c>extra.facilitatorAddress</c>).</param>
/// <param name="ValidAfter">The earliest block timestamp (seconds) at which it may be settled; the permit's deadline is the latest.</param>
public sealed record UptoWitness(EvmAddress To, EvmAddress Facilitator, BigInteger ValidAfter);
