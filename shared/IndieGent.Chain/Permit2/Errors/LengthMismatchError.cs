using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>LengthMismatch</c>: A batch has a different number of transfer details than permitted tokens.</summary>
[Error("LengthMismatch")]
public sealed class LengthMismatchError;
