using System.Numerics;

namespace IndieGent.Chain.Permit2;

/// <summary>Permit2's <c>PermitTransferFrom</c>: the signed permit for one token.</summary>
/// <param name="Permitted">The token and the most of it the spender may move.</param>
/// <param name="Nonce">An unordered nonce of the owner's, usable once (see <see cref="Permit2Client.IsNonceUsedAsync"/>).</param>
/// <param name="Deadline">The last block timestamp (seconds) at which the permit is valid.</param>
public sealed record PermitTransferFrom(TokenPermission Permitted, BigInteger Nonce, BigInteger Deadline);

/// <summary>Permit2's <c>PermitBatchTransferFrom</c>: the signed permit for several tokens (or one token several times).</summary>
/// <param name="Permitted">The tokens and the most of each the spender may move, in the order of the transfer details.</param>
/// <param name="Nonce">An unordered nonce of the owner's, usable once.</param>
/// <param name="Deadline">The last block timestamp (seconds) at which the permit is valid.</param>
public sealed record PermitBatchTransferFrom(IReadOnlyList<TokenPermission> Permitted, BigInteger Nonce, BigInteger Deadline);
