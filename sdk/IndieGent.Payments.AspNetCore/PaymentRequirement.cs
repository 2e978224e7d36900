using System.Numerics;
using IndieGent.Payments.Protocol.Evm;

namespace IndieGent.Payments.AspNetCore;

/// <summary>The price of an endpoint: <paramref name="Amount"/> base units of <paramref name="Token"/> to <paramref name="Recipient"/>.</summary>
/// <param name="Amount">Base units (for a 6-decimal token, 10000 = 0.01).</param>
/// <param name="Token">The ERC-20 (EIP-3009) token.</param>
/// <param name="Recipient">Who is paid.</param>
/// <param name="Description">Shown to payers.</param>
public sealed record PaymentRequirement(BigInteger Amount, EvmAddress Token, EvmAddress Recipient, string? Description = null);
