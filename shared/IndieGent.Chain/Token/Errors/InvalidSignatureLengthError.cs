using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>InvalidSignatureLength</c>: The <c>bytes signature</c> is not 65 bytes long.</summary>
[Error("InvalidSignatureLength")]
public sealed class InvalidSignatureLengthError
{
    [Parameter("uint256", "length", 1)]
    public BigInteger Length { get; set; }
}
