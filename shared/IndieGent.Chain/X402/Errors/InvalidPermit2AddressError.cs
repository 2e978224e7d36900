using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>InvalidPermit2Address()</c>: The proxy was constructed with the zero address as Permit2.</summary>
[Error("InvalidPermit2Address")]
public sealed class InvalidPermit2AddressError;
