using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Events;

/// <summary>
/// <c>EIP2612PermitFailedWithData(address indexed token, address indexed owner, bytes data)</c>: in
/// <c>settleWithPermit</c>, the token's <c>permit</c> reverted with a custom error (its data here, e.g.
/// IndieUSDC's <c>InvalidSigner</c> for a permit whose nonce was used) or with no data; the settlement went
/// on with the existing allowance.
/// </summary>
[Event("EIP2612PermitFailedWithData")]
public sealed class Eip2612PermitFailedWithDataEvent : IEventDTO
{
    [Parameter("address", "token", 1, true)]
    public string Token { get; set; } = string.Empty;

    [Parameter("address", "owner", 2, true)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("bytes", "data", 3, false)]
    public byte[] Data { get; set; } = [];
}
