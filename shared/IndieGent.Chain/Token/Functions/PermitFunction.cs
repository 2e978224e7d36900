using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-2612 <c>permit</c>, FiatToken v2.2 overload with a 65-byte <c>bytes signature</c>: sets an allowance from the holder's signature.</summary>
[Function("permit")]
public sealed class PermitFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("address", "spender", 2)]
    public string Spender { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3)]
    public BigInteger Value { get; set; }

    [Parameter("uint256", "deadline", 4)]
    public BigInteger Deadline { get; set; }

    [Parameter("bytes", "signature", 5)]
    public byte[] Signature { get; set; } = [];
}
