using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>InvalidSignatureLength</c>: The signature is neither 65 bytes (r ‖ s ‖ v) nor 64 bytes (EIP-2098).</summary>
[Error("InvalidSignatureLength")]
public sealed class InvalidSignatureLengthError;
