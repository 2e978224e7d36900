using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IndieGent.ServiceDefaults.Tickets;

/// <summary>Registers the Ledger's ticket issuer or the Wallet's ticket verifier from the <c>Tickets</c> section.</summary>
public static class ApprovalTicketExtensions
{
    /// <summary>The issuer (Ledger): refuses to start without a usable private key, naming the setting.</summary>
    public static TBuilder AddApprovalTicketIssuer<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = Bind(builder);
        if (string.IsNullOrWhiteSpace(options.KeyId) || options.KeyId.Contains('.', StringComparison.Ordinal))
            throw new InvalidOperationException("The setting Tickets:KeyId (environment variable Tickets__KeyId) is missing or contains a dot.");
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(Convert.FromBase64String(options.PrivateKey ?? ""), out _);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new InvalidOperationException(
                "The setting Tickets:PrivateKey (environment variable Tickets__PrivateKey) must be base64 PKCS#8 of an ECDSA P-256 key.", e);
        }

        RequireP256(key, "Tickets:PrivateKey");
        builder.Services.AddSingleton(new ApprovalTicketIssuer(options.KeyId, key));
        return builder;
    }

    /// <summary>The verifier (Wallet): refuses to start without at least one usable public key, naming the setting.</summary>
    public static TBuilder AddApprovalTicketVerifier<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = Bind(builder);
        if (options.PublicKeys.Count == 0)
            throw new InvalidOperationException(
                "The setting Tickets:PublicKeys:<keyId> (environment variable Tickets__PublicKeys__<keyId>) is missing: the Ledger's ticket key.");
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var (id, text) in options.PublicKeys)
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(text), out _);
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                throw new InvalidOperationException($"The setting Tickets:PublicKeys:{id} must be base64 SubjectPublicKeyInfo of an ECDSA P-256 key.", e);
            }

            RequireP256(key, $"Tickets:PublicKeys:{id}");
            keys[id] = key;
        }

        builder.Services.AddSingleton(new ApprovalTicketVerifier(keys));
        return builder;
    }

    /// <summary>A new key pair for development and tests: (base64 PKCS#8 private, base64 SPKI public).</summary>
    public static (string PrivateKey, string PublicKey) GenerateKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (Convert.ToBase64String(key.ExportPkcs8PrivateKey()), Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    private static ApprovalTicketOptions Bind(IHostApplicationBuilder builder)
    {
        var options = new ApprovalTicketOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(builder.Configuration.GetSection(ApprovalTicketOptions.Section), options);
        return options;
    }

    private static void RequireP256(ECDsa key, string setting)
    {
        if (key.KeySize != 256)
            throw new InvalidOperationException($"The setting {setting} holds a {key.KeySize}-bit key; tickets use ECDSA P-256.");
    }
}
