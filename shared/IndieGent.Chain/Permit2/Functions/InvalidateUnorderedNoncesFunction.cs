using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2.Functions;

/// <summary><c>invalidateUnorderedNonces(uint256 wordPos, uint256 mask)</c>: marks the sender's nonces in <c>mask</c> as used.</summary>
[Function("invalidateUnorderedNonces")]
public sealed class InvalidateUnorderedNoncesFunction : FunctionMessage
{
    [Parameter("uint256", "wordPos", 1)]
    public BigInteger WordPosition { get; set; }

    [Parameter("uint256", "mask", 2)]
    public BigInteger Mask { get; set; }
}
