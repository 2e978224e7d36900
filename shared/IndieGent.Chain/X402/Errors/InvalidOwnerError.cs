using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>InvalidOwner()</c>: The owner (payer) is the zero address.</summary>
[Error("InvalidOwner")]
public sealed class InvalidOwnerError;
