using System.Security.Cryptography;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IndieGent.Ledger.Tests;

/// <summary>Signs forwarded identities the way the Gateway does, with a key whose public half the Ledger under test trusts.</summary>
internal static class Identities
{
    public static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The setting naming the key: <c>Identity:PublicKeys:test-gateway</c>.</summary>
    public const string PublicKeySetting = "Identity:PublicKeys:test-gateway";

    public static string PublicKey => Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo());

    /// <summary>A client of the Ledger whose every request carries this identity, signed for that request.</summary>
    public static HttpClient ClientAs<T>(this WebApplicationFactory<T> factory, string role, Guid? operatorId, Guid? agentId, ECDsa? key = null)
        where T : class =>
        factory.CreateDefaultClient(new ForwardedIdentitySigningHandler(new ForwardedIdentitySigner("test-gateway", key ?? Key, TimeProvider.System),
            "ledger", new ForwardedIdentity(role, operatorId, agentId, "test-key", DateTimeOffset.UtcNow)));
}
