namespace IndieGent.Wallet.Api.Extensions;

/// <summary>Configuration section <c>Wallet</c>: the master keys that wrap agents' data keys.</summary>
public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>
    /// <c>Wallet:MasterKeysPath</c>: a directory holding one file per master key, named by its id, holding base64 of
    /// 32 random bytes (a mounted Kubernetes Secret). Master keys never come from settings or environment variables,
    /// which leak through process listings, crash dumps and child processes.
    /// </summary>
    public string? MasterKeysPath { get; set; }

    /// <summary>The master keys read from <see cref="MasterKeysPath"/>, by id. Keep retired keys until every agent is re-wrapped.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Wallet:ActiveKeyId</c>: the key new envelopes (and re-wraps) use.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary><c>Wallet:MaxFeePerGasGwei</c>: the highest fee per gas the signer puts in a transaction (default 500 gwei).</summary>
    public long MaxFeePerGasGwei { get; set; } = 500;

    /// <summary>
    /// <c>Wallet:Permit2Address</c>: the one Permit2 contract the Wallet signs permits for and lets move agents' tokens (default
    /// Uniswap's canonical deployment, the same address on every chain).
    /// </summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "Wallet:Permit2Address must be a 0x-prefixed 20-byte hex address.")]
    public string Permit2Address { get; set; } = "0x000000000022D473030F116dDEE9F6B43aC78BA3";

    /// <summary><c>Wallet:MaxGasLimit</c>: the most gas the signer lets a transaction use (default 300,000).</summary>
    public long MaxGasLimit { get; set; } = 300_000;

    /// <summary>
    /// How often the marketplace settlement wallet is announced to the Ledger again (a message to
    /// an exchange nobody is bound to yet — the Ledger not started — is dropped by the broker).
    /// </summary>
    public TimeSpan AnnounceInterval { get; set; } = TimeSpan.FromMinutes(1);
}
