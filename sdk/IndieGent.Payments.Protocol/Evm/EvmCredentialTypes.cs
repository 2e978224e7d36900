namespace IndieGent.Payments.Protocol.Evm;

/// <summary>The <c>payload.type</c> values of the evm charge (draft-evm-charge §Credential Schema).</summary>
public static class EvmCredentialTypes
{
    /// <summary>Uniswap Permit2 with a challenge witness; the only type that supports splits.</summary>
    public const string Permit2 = "permit2";

    /// <summary>EIP-3009 <c>transferWithAuthorization</c> whose nonce is the challenge hash.</summary>
    public const string Authorization = "authorization";

    /// <summary>A signed EIP-1559 ERC-20 <c>transfer</c> that the server broadcasts.</summary>
    public const string Transaction = "transaction";

    /// <summary>The hash of a transfer the payer already broadcast.</summary>
    public const string Hash = "hash";

    /// <summary>What a server must (and should) accept when <c>credentialTypes</c> is omitted.</summary>
    public static IReadOnlyList<string> DefaultWhenOmitted { get; } = [Transaction, Hash];
}
