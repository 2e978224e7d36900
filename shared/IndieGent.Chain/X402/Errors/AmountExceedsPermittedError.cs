using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>AmountExceedsPermitted()</c>: The settlement amount is above the permit's permitted amount (<c>upto</c> only).</summary>
[Error("AmountExceedsPermitted")]
public sealed class AmountExceedsPermittedError;
