using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Events;

/// <summary>EIP-3009 <c>AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)</c>, emitted before the transfer it authorizes.</summary>
[Event("AuthorizationUsed")]
public sealed class AuthorizationUsedEvent : IEventDTO
{
    [Parameter("address", "authorizer", 1, true)]
    public string Authorizer { get; set; } = string.Empty;

    [Parameter("bytes32", "nonce", 2, true)]
    public byte[] Nonce { get; set; } = [];
}
