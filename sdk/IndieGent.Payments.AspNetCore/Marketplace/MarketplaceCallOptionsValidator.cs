using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>Refuses, at start-up and naming the setting, options a provider could not verify a single call with.</summary>
internal sealed class MarketplaceCallOptionsValidator(IMarketplaceProviderIdSource providerId) : IValidateOptions<MarketplaceCallOptions>
{
    private const string Section = "MarketplaceCalls";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public ValidateOptionsResult Validate(string? name, MarketplaceCallOptions options)
    {
        var failures = new List<string>();
        if (providerId is ConfiguredProviderId && options.ProviderId == Guid.Empty)
            failures.Add($"{Section}:ProviderId is required: the provider's id in the IndieGent marketplace.");
        if (options.PlatformKeys.Count == 0 && options.KeysUrl is null)
            failures.Add($"{Section} needs the platform's keys: {Section}:KeysUrl (the Gateway's /v1/marketplace/keys) or {Section}:PlatformKeys:<keyId>.");
        if (options.KeysUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            failures.Add($"{Section}:KeysUrl must be an absolute http(s) URL.");
        foreach (var (id, text) in options.PlatformKeys)
        {
            if (!TryImport(id, text, out var key))
                failures.Add($"{Section}:PlatformKeys:{id} must be base64 SubjectPublicKeyInfo of an ECDSA P-256 key, under a key id without dots.");
            key?.Dispose();
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
            failures.Add($"{Section}:ClockSkew must lie between 00:00:00 and 00:05:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The pinned keys (validated at start-up).</summary>
    public static IReadOnlyDictionary<string, ECDsa> ImportPinned(IDictionary<string, string> pinned)
    {
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var (id, text) in pinned)
            keys[id] = TryImport(id, text, out var key) ? key : throw new InvalidOperationException($"{Section}:PlatformKeys:{id} is not a usable key.");
        return keys;
    }

    // Key size alone would let secp256k1 or brainpoolP256r1 pass.
    private static bool IsP256(ECDsa key) =>
        key.KeySize == 256 && key.ExportParameters(false).Curve is { IsNamed: true } curve && curve.Oid.Value == P256Oid;

    /// <summary>An ECDSA P-256 public key from base64 SubjectPublicKeyInfo, under a key id an envelope can carry.</summary>
    public static bool TryImport(string keyId, string base64Spki, [NotNullWhen(true)] out ECDsa? key)
    {
        key = null;
        if (string.IsNullOrEmpty(keyId) || keyId.Contains('.', StringComparison.Ordinal))
            return false;
        var imported = ECDsa.Create();
        try
        {
            imported.ImportSubjectPublicKeyInfo(Convert.FromBase64String(base64Spki), out _);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            imported.Dispose();
            return false;
        }

        if (!IsP256(imported))
        {
            imported.Dispose();
            return false;
        }

        key = imported;
        return true;
    }
}
