using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-3009 <c>transferWithAuthorization</c>, FiatToken v2.2 overload with a 65-byte <c>bytes signature</c> (r ‖ s ‖ v), as x402 and MPP clients submit it. Anyone may send it.</summary>
[Function("transferWithAuthorization")]
public sealed class TransferWithAuthorizationFunction : FunctionMessage
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

    [Parameter("bytes", "signature", 7)]
    public byte[] Signature { get; set; } = [];
}
