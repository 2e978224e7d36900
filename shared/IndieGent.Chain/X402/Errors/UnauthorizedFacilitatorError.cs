using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>UnauthorizedFacilitator()</c>: The caller is not the facilitator the witness names (<c>upto</c> only).</summary>
[Error("UnauthorizedFacilitator")]
public sealed class UnauthorizedFacilitatorError;
