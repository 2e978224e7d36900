using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>InvalidNonce</c>: The owner already used or invalidated the permit's nonce.</summary>
[Error("InvalidNonce")]
public sealed class InvalidNonceError;
