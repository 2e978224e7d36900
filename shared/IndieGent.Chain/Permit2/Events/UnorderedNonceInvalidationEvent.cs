using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Events;

/// <summary><c>UnorderedNonceInvalidation(address indexed owner, uint256 word, uint256 mask)</c>, emitted by <c>invalidateUnorderedNonces</c>.</summary>
[Event("UnorderedNonceInvalidation")]
public sealed class UnorderedNonceInvalidationEvent : IEventDTO
{
    [Parameter("address", "owner", 1, true)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("uint256", "word", 2, false)]
    public BigInteger Word { get; set; }

    [Parameter("uint256", "mask", 3, false)]
    public BigInteger Mask { get; set; }
}
