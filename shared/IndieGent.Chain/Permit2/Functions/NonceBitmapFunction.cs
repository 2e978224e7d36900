using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2.Functions;

/// <summary><c>nonceBitmap(address owner, uint256 wordPos)</c>: bit <c>n &amp; 0xff</c> of word <c>n &gt;&gt; 8</c> is set once nonce <c>n</c> is used.</summary>
[Function("nonceBitmap", "uint256")]
public sealed class NonceBitmapFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("uint256", "wordPos", 2)]
    public BigInteger WordPosition { get; set; }
}
