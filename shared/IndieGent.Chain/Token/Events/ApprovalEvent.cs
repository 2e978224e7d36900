using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Events;

/// <summary>ERC-20 <c>Approval(address indexed owner, address indexed spender, uint256 value)</c>.</summary>
[Event("Approval")]
public sealed class ApprovalEvent : IEventDTO
{
    [Parameter("address", "owner", 1, true)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("address", "spender", 2, true)]
    public string Spender { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3, false)]
    public BigInteger Value { get; set; }
}
