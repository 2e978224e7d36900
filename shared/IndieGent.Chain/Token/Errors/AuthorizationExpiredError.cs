using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>AuthorizationExpired</c>: The block time is not before the authorization's <c>validBefore</c>.</summary>
[Error("AuthorizationExpired")]
public sealed class AuthorizationExpiredError
{
    [Parameter("uint256", "validBefore", 1)]
    public BigInteger ValidBefore { get; set; }
}
