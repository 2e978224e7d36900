using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>InvalidSignature</c>: The signature recovers to no address.</summary>
[Error("InvalidSignature")]
public sealed class InvalidSignatureError;
