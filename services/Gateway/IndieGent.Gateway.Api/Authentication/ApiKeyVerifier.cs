using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using IndieGent.Contracts.ApiKeys;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Authentication;

/// <summary>
/// Asks the Wallet who an API key belongs to, and remembers the answer briefly. The cache is keyed
/// by the key's SHA-256, so no plaintext key is kept in memory beyond the request, and bounded in
/// size (<see cref="GatewayOptions.ApiKeyCacheSize"/>). Text that is not shaped like a key is
/// refused here: it never reaches the Wallet and never takes a cache entry.
/// </summary>
public sealed class ApiKeyVerifier(
    IHttpClientFactory clients, TimeProvider time, IOptions<GatewayOptions> options) : IDisposable
{
    public const string WalletClient = "wallet";

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = options.Value.ApiKeyCacheSize });

    private readonly byte[]? _adminKeyHash = options.Value.AdminApiKey is { Length: > 0 } admin ? SHA256.HashData(Encoding.UTF8.GetBytes(admin)) : null;

    public sealed record VerifiedApiKey(string Role, Guid OperatorId, Guid? AgentId, string KeyId);

    /// <summary>The identity behind <paramref name="apiKey"/>, or null when the key is not valid.</summary>
    public async Task<ForwardedIdentity?> VerifyAsync(string apiKey, CancellationToken ct)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        var now = time.GetUtcNow();
        if (_adminKeyHash is not null && CryptographicOperations.FixedTimeEquals(hash, _adminKeyHash))
            return new ForwardedIdentity(IdentityRoles.Admin, null, null, "admin", now);

        if (!ApiKeyShape.TryParse(apiKey, out _, out _))
            return null;

        var cacheKey = Convert.ToHexString(hash);
        if (cache.TryGetValue(cacheKey, out ForwardedIdentity? known))
            return known is null ? null : known with { IssuedAt = now };

        // The Wallet's slowness must not hold the caller (or a connection) for long: past the
        // timeout the caller hears 503 and may retry.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ApiKeyVerificationTimeout);
        ForwardedIdentity? identity;
        try
        {
            identity = await AskWalletAsync(apiKey, now, timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new HttpRequestException("The Wallet did not answer an API key check in time.", e);
        }

        if (options.Value.ApiKeyCacheDuration > TimeSpan.Zero)
            cache.Set(cacheKey, identity, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.ApiKeyCacheDuration });
        return identity;
    }

    private async Task<ForwardedIdentity?> AskWalletAsync(string apiKey, DateTimeOffset now, CancellationToken ct)
    {
        using var client = clients.CreateClient(WalletClient);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/api-keys/verify")
        {
            Content = JsonContent.Create(new { apiKey }),
        };
        request.Options.Set(ForwardedIdentitySigningHandler.IdentityOption, new ForwardedIdentity(IdentityRoles.Gateway, null, null, "gateway", now));
        using var response = await client.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            return null;
        if (response.StatusCode != HttpStatusCode.OK)
            // Not an answer about the key: do not cache, let the caller see a 503.
            throw new HttpRequestException($"The Wallet answered an API key check with {(int)response.StatusCode}.", null, response.StatusCode);
        var verified = await response.Content.ReadFromJsonAsync<VerifiedApiKey>(ct)
            ?? throw new InvalidOperationException("The Wallet answered an API key check with an empty body.");
        return new ForwardedIdentity(verified.Role, verified.OperatorId, verified.AgentId, verified.KeyId, now);
    }

    public void Dispose() => cache.Dispose();
}
