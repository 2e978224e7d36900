using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>SignatureExpired</c>: The permit's deadline has passed.</summary>
[Error("SignatureExpired")]
public sealed class SignatureExpiredError
{
    [Parameter("uint256", "signatureDeadline", 1)]
    public BigInteger SignatureDeadline { get; set; }
}
