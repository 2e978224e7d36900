namespace IndieGent.Wallet.Api.Extensions;

/// <summary>Configuration section <c>Wallet</c>: the master keys that wrap agents' data keys.</summary>
public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary><c>Wallet:MasterKeys:&lt;keyId&gt;</c> = base64 of 32 random bytes. Keep retired keys until every agent is re-wrapped.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Wallet:ActiveKeyId</c>: the key new envelopes (and re-wraps) use.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary><c>Wallet:MaxFeePerGasGwei</c>: the highest fee per gas the signer puts in a transaction (default 500 gwei).</summary>
    public long MaxFeePerGasGwei { get; set; } = 500;

    /// <summary><c>Wallet:MaxGasLimit</c>: the most gas the signer lets a transaction use (default 300,000).</summary>
    public long MaxGasLimit { get; set; } = 300_000;
}
