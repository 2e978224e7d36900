using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>InvalidDestination()</c>: The witness names the zero address as recipient.</summary>
[Error("InvalidDestination")]
public sealed class InvalidDestinationError;
