using System.Text.RegularExpressions;
using IndieGent.Wallet.Custody;
using Microsoft.Extensions.Options;

namespace IndieGent.Wallet.Api.Extensions;

/// <summary>Stops start-up with a message naming the bad setting; never echoes key material.</summary>
public sealed partial class WalletOptionsValidator : IValidateOptions<WalletOptions>
{
    public ValidateOptionsResult Validate(string? name, WalletOptions options)
    {
        var failures = new List<string>();
        if (options.MasterKeys.Count == 0)
            failures.Add($"No master key: the setting Wallet:MasterKeysPath (environment variable Wallet__MasterKeysPath) must name a directory " +
                $"holding one file per key, named by the key's id, holding base64 of {MasterKeyRing.KeyBytes} random bytes" +
                (string.IsNullOrWhiteSpace(options.MasterKeysPath) ? "." : $"; '{options.MasterKeysPath}' has none."));

        foreach (var (id, value) in options.MasterKeys)
        {
            if (!KeyId().IsMatch(id))
                failures.Add($"The master key id '{id}' (a file name in Wallet:MasterKeysPath) may only contain letters, digits, '-', '_' and '.' (1–64).");
            var buffer = new byte[value?.Length ?? 0];
            if (string.IsNullOrWhiteSpace(value) || !Convert.TryFromBase64String(value, buffer, out var length) || length != MasterKeyRing.KeyBytes)
                failures.Add($"The master key file '{id}' in Wallet:MasterKeysPath must hold base64 of exactly {MasterKeyRing.KeyBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
            failures.Add("The setting Wallet:ActiveKeyId is missing (environment variable Wallet__ActiveKeyId): the id of the master key for new envelopes.");
        else if (!options.MasterKeys.ContainsKey(options.ActiveKeyId))
            failures.Add($"The setting Wallet:ActiveKeyId names '{options.ActiveKeyId}', which is not a master key file in Wallet:MasterKeysPath.");

        if (options.MaxFeePerGasGwei <= 0)
            failures.Add("The setting Wallet:MaxFeePerGasGwei must be a positive number of gwei.");
        if (options.MaxGasLimit < 21_000)
            failures.Add("The setting Wallet:MaxGasLimit must be at least 21000.");
        if (options.AnnounceInterval < TimeSpan.FromMilliseconds(100) || options.AnnounceInterval > TimeSpan.FromDays(1))
            failures.Add("The setting Wallet:AnnounceInterval must be between 00:00:00.1 and 1.00:00:00.");

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyId();
}
