using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>
/// The platform's public keys: those pinned in the options plus those served at <see cref="MarketplaceCallOptions.KeysUrl"/>.
/// The served ones are fetched on first need, again when a call names a key id not seen (at most once per
/// <see cref="RefreshCooldown"/>) or when they are older than <see cref="MaxAge"/>; one fetch runs at a time.
/// A failed fetch keeps the keys already known; a key id that only a fetch could vouch for is then unavailable (503).
/// </summary>
internal sealed partial class MarketplacePlatformKeys
{
    public const string HttpClientName = "IndieGent.Payments.MarketplaceKeys";
    public const int MaxResponseBytes = 64 * 1024;
    public static readonly TimeSpan RefreshCooldown = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyDictionary<string, ECDsa> _pinned;
    private readonly Uri? _url;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ILogger<MarketplacePlatformKeys> _logger;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile Fetched _fetched;

    public MarketplacePlatformKeys(IOptions<MarketplaceCallOptions> options, IHttpClientFactory http, TimeProvider time, ILogger<MarketplacePlatformKeys> logger)
    {
        _pinned = MarketplaceCallOptionsValidator.ImportPinned(options.Value.PlatformKeys);
        _url = options.Value.KeysUrl;
        _http = http;
        _time = time;
        _logger = logger;
        _fetched = new Fetched(_pinned, FetchedAt: null, AttemptedAt: null, Failed: false);
    }

    /// <summary>The keys to open a header signed with <paramref name="keyId"/> with, or null when they cannot be known now.</summary>
    public async ValueTask<IReadOnlyDictionary<string, ECDsa>?> ForKeyIdAsync(string keyId, CancellationToken cancellationToken)
    {
        if (_url is null || _pinned.ContainsKey(keyId))
            return _pinned;
        var seen = _fetched;
        var now = _time.GetUtcNow();
        var known = seen.Keys.ContainsKey(keyId);
        var fresh = seen.FetchedAt is { } at && now - at < MaxAge;
        var mayFetch = seen.AttemptedAt is not { } attempted || now - attempted >= RefreshCooldown;
        if ((!known || !fresh) && mayFetch)
            seen = await RefreshAsync(seen, cancellationToken).ConfigureAwait(false);

        // A key id the last fetch did not serve is unknown (the envelope says so) unless that fetch failed: then nobody knows.
        return seen.Keys.ContainsKey(keyId) || !seen.Failed ? seen.Keys : null;
    }

    /// <summary>When a key id that is unavailable now may be checked again.</summary>
    public TimeSpan RetryAfter =>
        _fetched.AttemptedAt is { } attempted ? Max(attempted + RefreshCooldown - _time.GetUtcNow(), TimeSpan.FromSeconds(1)) : TimeSpan.FromSeconds(1);

    private async ValueTask<Fetched> RefreshAsync(Fetched seen, CancellationToken cancellationToken)
    {
        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the gate may have fetched meanwhile.
            if (!ReferenceEquals(_fetched, seen))
                return _fetched;
            var attemptedAt = _time.GetUtcNow();
            try
            {
                var served = await FetchAsync(cancellationToken).ConfigureAwait(false);
                var keys = new Dictionary<string, ECDsa>(served, StringComparer.Ordinal);
                foreach (var (id, key) in _pinned)
                    keys[id] = key; // configuration wins over the network
                LogFetched(_logger, served.Count, string.Join(", ", served.Keys));
                return _fetched = new Fetched(keys, attemptedAt, attemptedAt, Failed: false);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException ||
                                      (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogFetchFailed(_logger, e, _url!);
                // Stale keys stay trusted (rotation adds keys before it removes any); only unknown ids wait for a fetch that works.
                return _fetched = seen with { AttemptedAt = attemptedAt, Failed = true };
            }
        }
        finally
        {
            _fetching.Release();
        }
    }

    private async Task<Dictionary<string, ECDsa>> FetchAsync(CancellationToken cancellationToken)
    {
        var client = _http.CreateClient(HttpClientName);
        client.MaxResponseContentBufferSize = MaxResponseBytes;
        using var response = await client.GetAsync(_url, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("The keys document is not an object with a 'keys' array.");

        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object &&
                entry.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String &&
                entry.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String && alg.ValueEquals("ES256") &&
                entry.TryGetProperty("publicKey", out var spki) && spki.ValueKind == JsonValueKind.String &&
                MarketplaceCallOptionsValidator.TryImport(kid.GetString()!, spki.GetString()!, out var key))
                keys[kid.GetString()!] = key;
            else
                LogEntrySkipped(_logger, _url!);
        }

        return keys.Count > 0 ? keys : throw new InvalidDataException("The keys document holds no usable ES256 key.");
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} marketplace platform key(s): {KeyIds}")]
    private static partial void LogFetched(ILogger logger, int count, string keyIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching the marketplace platform keys from {KeysUrl} failed; unknown key ids are answered 503 until a fetch works")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, Uri keysUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an entry of the marketplace platform keys at {KeysUrl} that is not a well-formed ES256 P-256 key")]
    private static partial void LogEntrySkipped(ILogger logger, Uri keysUrl);

    private sealed record Fetched(IReadOnlyDictionary<string, ECDsa> Keys, DateTimeOffset? FetchedAt, DateTimeOffset? AttemptedAt, bool Failed);
}
