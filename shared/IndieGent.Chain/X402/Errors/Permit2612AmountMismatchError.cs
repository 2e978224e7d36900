using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>Permit2612AmountMismatch()</c>: The EIP-2612 permit's value is not the Permit2 permit's permitted amount.</summary>
[Error("Permit2612AmountMismatch")]
public sealed class Permit2612AmountMismatchError;
