using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>AuthorizationUsedOrCanceled</c>: The authorizer already used or canceled this nonce (a replay).</summary>
[Error("AuthorizationUsedOrCanceled")]
public sealed class AuthorizationUsedOrCanceledError
{
    [Parameter("address", "authorizer", 1)]
    public string Authorizer { get; set; } = string.Empty;

    [Parameter("bytes32", "nonce", 2)]
    public byte[] Nonce { get; set; } = [];
}
