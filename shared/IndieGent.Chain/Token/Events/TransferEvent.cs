using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Events;

/// <summary>ERC-20 <c>Transfer(address indexed from, address indexed to, uint256 value)</c>; <c>from</c> is zero for a mint.</summary>
[Event("Transfer")]
public sealed class TransferEvent : IEventDTO
{
    [Parameter("address", "from", 1, true)]
    public string From { get; set; } = string.Empty;

    [Parameter("address", "to", 2, true)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3, false)]
    public BigInteger Value { get; set; }
}
