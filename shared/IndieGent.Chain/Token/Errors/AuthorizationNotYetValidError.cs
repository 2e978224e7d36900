using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>AuthorizationNotYetValid</c>: The block time is not after the authorization's <c>validAfter</c>.</summary>
[Error("AuthorizationNotYetValid")]
public sealed class AuthorizationNotYetValidError
{
    [Parameter("uint256", "validAfter", 1)]
    public BigInteger ValidAfter { get; set; }
}
