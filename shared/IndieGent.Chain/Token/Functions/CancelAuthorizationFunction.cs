using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-3009 <c>cancelAuthorization</c> with a 65-byte <c>bytes signature</c>: burns an unused nonce.</summary>
[Function("cancelAuthorization")]
public sealed class CancelAuthorizationFunction : FunctionMessage
{
    [Parameter("address", "authorizer", 1)]
    public string Authorizer { get; set; } = string.Empty;

    /// <summary>The EIP-3009 nonce (ABI name <c>nonce</c>; <c>Nonce</c> on a message is the transaction nonce).</summary>
    [Parameter("bytes32", "nonce", 2)]
    public byte[] AuthorizationNonce { get; set; } = [];

    [Parameter("bytes", "signature", 3)]
    public byte[] Signature { get; set; } = [];
}
