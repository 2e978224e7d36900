using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain;

// EIP-712 struct shapes, in the member order the token's type hashes use. Internal: callers work
// with TransferAuthorization / PermitAuthorization and get typed data from Eip3009 / Eip2612.

internal abstract class AuthorizationMessage
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

    [Parameter("bytes32", "nonce", 6)]
    public byte[] Nonce { get; set; } = [];

    public static TMessage Create<TMessage>(TransferAuthorization authorization)
        where TMessage : AuthorizationMessage, new() => new()
        {
            From = authorization.From.ToChecksumHex(),
            To = authorization.To.ToChecksumHex(),
            Value = authorization.Value,
            ValidAfter = authorization.ValidAfter,
            ValidBefore = authorization.ValidBefore,
            Nonce = authorization.Nonce,
        };
}

[Struct("TransferWithAuthorization")]
internal sealed class TransferWithAuthorizationMessage : AuthorizationMessage;

[Struct("ReceiveWithAuthorization")]
internal sealed class ReceiveWithAuthorizationMessage : AuthorizationMessage;

[Struct("CancelAuthorization")]
internal sealed class CancelAuthorizationMessage
{
    [Parameter("address", "authorizer", 1)]
    public string Authorizer { get; set; } = string.Empty;

    [Parameter("bytes32", "nonce", 2)]
    public byte[] Nonce { get; set; } = [];
}

[Struct("Permit")]
internal sealed class PermitMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("address", "spender", 2)]
    public string Spender { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3)]
    public BigInteger Value { get; set; }

    [Parameter("uint256", "nonce", 4)]
    public BigInteger Nonce { get; set; }

    [Parameter("uint256", "deadline", 5)]
    public BigInteger Deadline { get; set; }
}
