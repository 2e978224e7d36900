using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Events;

/// <summary>
/// <c>EIP2612PermitFailedWithPanic(address indexed token, address indexed owner, uint256 errorCode)</c>: in
/// <c>settleWithPermit</c>, the token's <c>permit</c> panicked; the settlement went on with the existing allowance.
/// </summary>
[Event("EIP2612PermitFailedWithPanic")]
public sealed class Eip2612PermitFailedWithPanicEvent : IEventDTO
{
    [Parameter("address", "token", 1, true)]
    public string Token { get; set; } = string.Empty;

    [Parameter("address", "owner", 2, true)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("uint256", "errorCode", 3, false)]
    public BigInteger ErrorCode { get; set; }
}
