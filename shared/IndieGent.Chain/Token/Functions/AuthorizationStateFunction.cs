using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-3009 <c>authorizationState(address authorizer, bytes32 nonce)</c>: true once the nonce is used or canceled.</summary>
[Function("authorizationState", "bool")]
public sealed class AuthorizationStateFunction : FunctionMessage
{
    [Parameter("address", "authorizer", 1)]
    public string Authorizer { get; set; } = string.Empty;

    /// <summary>The EIP-3009 nonce (ABI name <c>nonce</c>; <c>Nonce</c> on a message is the transaction nonce).</summary>
    [Parameter("bytes32", "nonce", 2)]
    public byte[] AuthorizationNonce { get; set; } = [];
}
