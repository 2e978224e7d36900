using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>InvalidSignatureS</c>: The signature's s is in the upper half of the curve order (malleable).</summary>
[Error("InvalidSignatureS")]
public sealed class InvalidSignatureSError
{
    [Parameter("bytes32", "s", 1)]
    public byte[] S { get; set; } = [];
}
