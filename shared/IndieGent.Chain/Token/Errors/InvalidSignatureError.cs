using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>InvalidSignature</c>: The signature recovers to no address.</summary>
[Error("InvalidSignature")]
public sealed class InvalidSignatureError;
