using System.Security.Cryptography;
using IndieGent.ServiceDefaults.Identity;

namespace IndieGent.Ledger.Tests;

/// <summary>Signs forwarded identities the way the Gateway does, with a key shared with the service under test.</summary>
internal static class Identities
{
    public static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static string KeySetting => Convert.ToBase64String(Key);

    public static HttpClient As(this HttpClient http, string role, Guid? operatorId, Guid? agentId)
    {
        var header = new ForwardedIdentityCodec(Key).Sign(new ForwardedIdentity(role, operatorId, agentId, "test-key", DateTimeOffset.UtcNow));
        http.DefaultRequestHeaders.Remove(ForwardedIdentityDefaults.HeaderName);
        http.DefaultRequestHeaders.Add(ForwardedIdentityDefaults.HeaderName, header);
        return http;
    }
}
