using System.Security.Cryptography;
using IndieGent.Payments.Protocol.Marketplace;
using IndieGent.ServiceDefaults.Signing;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Marketplace;

/// <summary>
/// Signs the <c>IndieGent-Marketplace-Call</c> header that tells a provider a call is paid, and
/// publishes the public keys providers verify it with (the current one and any retired ones).
/// </summary>
public sealed class MarketplaceCallSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly string _keyId;

    public MarketplaceCallSigner(IOptions<MarketplaceOptions> options)
    {
        var settings = options.Value;
        _keyId = Es256Keys.RequireKeyId(settings.KeyId, "Marketplace:KeyId");
        _key = Es256Keys.ImportPrivateKey(settings.SigningKey, "Marketplace:SigningKey");
        var published = new List<PublicKey> { new(_keyId, "ES256", Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo())) };
        if (settings.RetiredPublicKeys.Count > 0)
        {
            // Checked like every key setting: a retired key that is not P-256 fails start-up, not a provider.
            foreach (var (id, key) in Es256Keys.ImportPublicKeys(settings.RetiredPublicKeys, "Marketplace:RetiredPublicKeys"))
            {
                if (id != _keyId)
                    published.Add(new PublicKey(id, "ES256", Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())));
                key.Dispose();
            }
        }

        Keys = new KeySet(published);
    }

    public sealed record PublicKey(string Kid, string Alg, string PublicKeyBase64)
    {
        [System.Text.Json.Serialization.JsonPropertyName("publicKey")]
        public string PublicKeyBase64 { get; init; } = PublicKeyBase64;
    }

    public sealed record KeySet(IReadOnlyList<PublicKey> Keys);

    /// <summary>What <c>GET /v1/marketplace/keys</c> answers.</summary>
    public KeySet Keys { get; }

    public string Sign(MarketplaceCall call) => MarketplaceCallHeader.Seal(call, _keyId, _key);

    public void Dispose() => _key.Dispose();
}
