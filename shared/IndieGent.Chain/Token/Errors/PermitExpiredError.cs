using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>PermitExpired</c>: The block time is after the permit's deadline.</summary>
[Error("PermitExpired")]
public sealed class PermitExpiredError
{
    [Parameter("uint256", "deadline", 1)]
    public BigInteger Deadline { get; set; }
}
