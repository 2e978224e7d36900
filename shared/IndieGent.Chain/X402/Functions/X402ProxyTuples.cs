using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Functions;

// The ABI tuples of the x402 Permit2 proxies, member order as in the contracts' structs. The permit itself
// is Permit2's PermitTransferFrom (IndieGent.Chain.Permit2.Functions.PermitTransferFromTuple).

/// <summary>The <c>upto</c> proxy's tuple <c>Witness(address to, address facilitator, uint256 validAfter)</c>.</summary>
public sealed class UptoWitnessTuple
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = string.Empty;

    [Parameter("address", "facilitator", 2)]
    public string Facilitator { get; set; } = string.Empty;

    [Parameter("uint256", "validAfter", 3)]
    public BigInteger ValidAfter { get; set; }
}

/// <summary>The <c>exact</c> proxy's tuple <c>Witness(address to, uint256 validAfter)</c>.</summary>
public sealed class ExactWitnessTuple
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "validAfter", 2)]
    public BigInteger ValidAfter { get; set; }
}

/// <summary>The tuple <c>EIP2612Permit(uint256 value, uint256 deadline, bytes32 r, bytes32 s, uint8 v)</c>.</summary>
public sealed class Eip2612PermitTuple
{
    [Parameter("uint256", "value", 1)]
    public BigInteger Value { get; set; }

    [Parameter("uint256", "deadline", 2)]
    public BigInteger Deadline { get; set; }

    [Parameter("bytes32", "r", 3)]
    public byte[] R { get; set; } = [];

    [Parameter("bytes32", "s", 4)]
    public byte[] S { get; set; } = [];

    [Parameter("uint8", "v", 5)]
    public byte V { get; set; }
}
