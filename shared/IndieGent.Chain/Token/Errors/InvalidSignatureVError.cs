using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>InvalidSignatureV</c>: The signature's v is neither 27 nor 28.</summary>
[Error("InvalidSignatureV")]
public sealed class InvalidSignatureVError
{
    [Parameter("uint8", "v", 1)]
    public byte V { get; set; }
}
