using System.Security.Cryptography;
using IndieGent.Payments.Protocol.Marketplace;

namespace IndieGent.Payments.Tests;

/// <summary>The Gateway's side of a marketplace call in a test: a key pair (a new P-256 one unless given) and the headers it signs.</summary>
public sealed class PlatformSigner(string keyId, ECDsa? key = null) : IDisposable
{
    public string KeyId { get; } = keyId;

    public ECDsa Key { get; } = key ?? ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKey => Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo());

    /// <summary>A call for <paramref name="providerId"/> issued at <paramref name="now"/>, valid two minutes.</summary>
    public static MarketplaceCall Call(Guid providerId, string method, string path, DateTimeOffset now) =>
        new(providerId, "demo-flights", Guid.NewGuid(), "20000", "USDC", method, path, now, now.AddMinutes(2));

    public string Seal(MarketplaceCall call) => MarketplaceCallHeader.Seal(call, KeyId, Key);

    public void Dispose() => Key.Dispose();
}
