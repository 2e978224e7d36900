using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Events;

/// <summary>EIP-3009 <c>AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce)</c>.</summary>
[Event("AuthorizationCanceled")]
public sealed class AuthorizationCanceledEvent : IEventDTO
{
    [Parameter("address", "authorizer", 1, true)]
    public string Authorizer { get; set; } = string.Empty;

    [Parameter("bytes32", "nonce", 2, true)]
    public byte[] Nonce { get; set; } = [];
}
