using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-3009 <c>receiveWithAuthorization</c> with v, r and s; only the payee <c>to</c> may send it.</summary>
[Function("receiveWithAuthorization")]
public sealed class ReceiveWithAuthorizationVrsFunction : FunctionMessage
{
    [Parameter("address", "from", 1)]
    public string From { get; set; } = string.Empty;

    [Parameter("address", "to", 2)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3)]
    public BigInteger Value { get; set; }

    [Parameter("uint256", "validAfter", 4)]
    public BigInteger ValidAfter { get; set; }

    [Parameter("uint256", "validBefore", 5)]
    public BigInteger ValidBefore { get; set; }

    /// <summary>The EIP-3009 nonce (ABI name <c>nonce</c>; <c>Nonce</c> on a message is the transaction nonce).</summary>
    [Parameter("bytes32", "nonce", 6)]
    public byte[] AuthorizationNonce { get; set; } = [];

    [Parameter("uint8", "v", 7)]
    public byte V { get; set; }

    [Parameter("bytes32", "r", 8)]
    public byte[] R { get; set; } = [];

    [Parameter("bytes32", "s", 9)]
    public byte[] S { get; set; } = [];
}
