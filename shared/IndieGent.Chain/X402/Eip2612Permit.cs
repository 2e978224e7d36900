using System.Numerics;

namespace IndieGent.Chain.X402;

/// <summary>
/// The proxies' <c>EIP2612Permit(uint256 value, uint256 deadline, bytes32 r, bytes32 s, uint8 v)</c>: the payer's
/// EIP-2612 permit approving Permit2 on the token, which <c>settleWithPermit</c> submits before settling
/// (x402's <c>eip2612GasSponsoring</c> extension).
/// </summary>
/// <param name="Value">The allowance granted to Permit2; the proxy requires it to equal the permit's permitted amount.</param>
/// <param name="Deadline">The EIP-2612 permit's deadline (seconds).</param>
/// <param name="Signature">The payer's signature over the token's <c>Permit(owner, spender = Permit2, value, nonce, deadline)</c>.</param>
public sealed record Eip2612Permit(BigInteger Value, BigInteger Deadline, EvmSignature Signature);
