using System.Numerics;

namespace IndieGent.Chain.Permit2;

/// <summary>
/// Permit2's <c>TokenPermissions(address token, uint256 amount)</c>: a token and the most of it, in base
/// units, the spender may move under a permit.
/// </summary>
/// <param name="Token">The ERC-20 the owner has approved Permit2 on.</param>
/// <param name="Amount">The most the spender may request, in base units.</param>
public sealed record TokenPermission(EvmAddress Token, BigInteger Amount);
