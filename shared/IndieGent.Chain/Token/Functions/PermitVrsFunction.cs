using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-2612 <c>permit</c> with v, r and s (the standard overload): sets an allowance from the holder's signature.</summary>
[Function("permit")]
public sealed class PermitVrsFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("address", "spender", 2)]
    public string Spender { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3)]
    public BigInteger Value { get; set; }

    [Parameter("uint256", "deadline", 4)]
    public BigInteger Deadline { get; set; }

    [Parameter("uint8", "v", 5)]
    public byte V { get; set; }

    [Parameter("bytes32", "r", 6)]
    public byte[] R { get; set; } = [];

    [Parameter("bytes32", "s", 7)]
    public byte[] S { get; set; } = [];
}
