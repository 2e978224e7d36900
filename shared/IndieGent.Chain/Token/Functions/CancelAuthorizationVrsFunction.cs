using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-3009 <c>cancelAuthorization</c> with v, r and s: burns an unused nonce.</summary>
[Function("cancelAuthorization")]
public sealed class CancelAuthorizationVrsFunction : FunctionMessage
{
    [Parameter("address", "authorizer", 1)]
    public string Authorizer { get; set; } = string.Empty;

    /// <summary>The EIP-3009 nonce (ABI name <c>nonce</c>; <c>Nonce</c> on a message is the transaction nonce).</summary>
    [Parameter("bytes32", "nonce", 2)]
    public byte[] AuthorizationNonce { get; set; } = [];

    [Parameter("uint8", "v", 3)]
    public byte V { get; set; }

    [Parameter("bytes32", "r", 4)]
    public byte[] R { get; set; } = [];

    [Parameter("bytes32", "s", 5)]
    public byte[] S { get; set; } = [];
}
