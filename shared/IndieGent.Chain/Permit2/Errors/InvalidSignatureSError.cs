using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>InvalidSignatureS</c>: The signature's s is in the upper half of the curve order (malleable); not an error of Uniswap's Permit2, which accepts it.</summary>
[Error("InvalidSignatureS")]
public sealed class InvalidSignatureSError
{
    [Parameter("bytes32", "s", 1)]
    public byte[] S { get; set; } = [];
}
