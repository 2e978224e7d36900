using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Events;

/// <summary>
/// <c>EIP2612PermitFailedWithReason(address indexed token, address indexed owner, string reason)</c>: in
/// <c>settleWithPermit</c>, the token's <c>permit</c> reverted with <c>Error(reason)</c>; the settlement
/// went on with the existing allowance.
/// </summary>
[Event("EIP2612PermitFailedWithReason")]
public sealed class Eip2612PermitFailedWithReasonEvent : IEventDTO
{
    [Parameter("address", "token", 1, true)]
    public string Token { get; set; } = string.Empty;

    [Parameter("address", "owner", 2, true)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("string", "reason", 3, false)]
    public string Reason { get; set; } = string.Empty;
}
