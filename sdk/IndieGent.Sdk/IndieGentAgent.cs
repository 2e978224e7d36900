using System.Numerics;
using IndieGent.Sdk.Marketplace;
using IndieGent.Sdk.Payers;

namespace IndieGent.Sdk;

/// <summary>
/// An agent that pays 402s by itself: <see cref="FetchAsync(string, FetchOptions?, CancellationToken)"/> is
/// <c>agent.fetch</c> from the docs. A 402 with an MPP, x402 or older-dialect challenge is paid from the
/// agent's wallet and the request sent again; the caller sees the paid response.
/// </summary>
/// <example>
/// <code>
/// using var agent = IndieGentAgent.ForPlatform(new Uri("https://api.indiegent.cloud/"), apiKey);
/// using var response = await agent.FetchAsync("https://flights.example/search?from=AMS");
/// var receipt = response.GetPayment()?.Receipt;
/// </code>
/// </example>
public sealed class IndieGentAgent : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient? _platform;
    private readonly IPaymentPayer _payer;
    private readonly MarketplaceClient? _marketplace;

    /// <summary>An agent paying through a payer of the caller's choice.</summary>
    /// <param name="payer">Who pays.</param>
    /// <param name="options">Limits and preferences.</param>
    /// <param name="innerHandler">The handler that sends requests (default: a new <see cref="SocketsHttpHandler"/>).</param>
    public IndieGentAgent(IPaymentPayer payer, IndieGentPaymentOptions? options = null, HttpMessageHandler? innerHandler = null)
        : this(payer, options, innerHandler, null, null)
    {
    }

    private IndieGentAgent(IPaymentPayer payer, IndieGentPaymentOptions? options, HttpMessageHandler? innerHandler, HttpClient? platform,
        PlatformPayerOptions? account)
    {
        _http = new HttpClient(new PaymentHandler(payer, options) { InnerHandler = innerHandler ?? new SocketsHttpHandler() });
        _platform = platform;
        _payer = payer;
        if (platform is not null && account is not null)
            _marketplace = new MarketplaceClient(platform, account.Gateway, account.ApiKey, _http);
    }

    /// <summary>An agent paying from its IndieGent wallet (the platform applies its spending controls).</summary>
    /// <param name="gateway">The IndieGent gateway's base URL.</param>
    /// <param name="apiKey">The agent's API key.</param>
    /// <param name="options">Limits and preferences.</param>
    /// <returns>The agent.</returns>
    public static IndieGentAgent ForPlatform(Uri gateway, string apiKey, IndieGentPaymentOptions? options = null)
    {
        var platform = new HttpClient();
        try
        {
            var account = new PlatformPayerOptions { Gateway = gateway, ApiKey = apiKey };
            return new IndieGentAgent(new PlatformPayer(platform, account), options, null, platform, account);
        }
        catch
        {
            platform.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An agent paying from its IndieGent wallet whose requests go through handlers the caller owns and shares
    /// (a host acting for many agents keeps one connection pool, not one per agent); disposing the agent leaves them open.
    /// </summary>
    /// <param name="gateway">The IndieGent gateway's base URL.</param>
    /// <param name="apiKey">The agent's API key.</param>
    /// <param name="platformHandler">Sends the requests to the gateway.</param>
    /// <param name="innerHandler">Sends the agent's own requests (the paid calls).</param>
    /// <param name="options">Limits and preferences.</param>
    /// <returns>The agent.</returns>
    public static IndieGentAgent ForPlatform(Uri gateway, string apiKey, HttpMessageHandler platformHandler, HttpMessageHandler innerHandler,
        IndieGentPaymentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(platformHandler);
        ArgumentNullException.ThrowIfNull(innerHandler);
        var platform = new HttpClient(platformHandler, disposeHandler: false);
        try
        {
            var account = new PlatformPayerOptions { Gateway = gateway, ApiKey = apiKey };
            return new IndieGentAgent(new PlatformPayer(platform, account), options, new Borrowed(innerHandler), platform, account);
        }
        catch
        {
            platform.Dispose();
            throw;
        }
    }

    /// <summary>A handler lent by its owner: the agent's client sends through it and leaves it open when disposed.</summary>
    private sealed class Borrowed(HttpMessageHandler owned) : DelegatingHandler(owned)
    {
        protected override void Dispose(bool disposing)
        {
            // Not disposing the inner handler is the point: it belongs to the caller. (This handler holds nothing else.)
        }
    }

    /// <summary>An agent paying with a key it holds.</summary>
    /// <param name="payer">The key, chain and tokens.</param>
    /// <param name="options">Limits and preferences.</param>
    /// <returns>The agent.</returns>
    public static IndieGentAgent ForSelfCustody(SelfCustodyPayerOptions payer, IndieGentPaymentOptions? options = null) =>
        new(new SelfCustodyPayer(payer), options);

    /// <summary>The client behind <see cref="FetchAsync(string, FetchOptions?, CancellationToken)"/>, for requests built by hand.</summary>
    public HttpClient HttpClient => _http;

    /// <summary>Requests <paramref name="url"/>, paying a 402 once if the service asks for payment.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="options">Method, headers, body and price limit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response (paid or not; see <see cref="PaymentResponseExtensions.GetPayment"/>).</returns>
    /// <exception cref="PaymentException">A 402 that was not paid (price above the maximum, unpayable, refused by policy).</exception>
    public Task<HttpResponseMessage> FetchAsync(string url, FetchOptions? options = null, CancellationToken cancellationToken = default) =>
        FetchAsync(new Uri(url, UriKind.Absolute), options, cancellationToken);

    /// <inheritdoc cref="FetchAsync(string, FetchOptions?, CancellationToken)"/>
    public async Task<HttpResponseMessage> FetchAsync(Uri url, FetchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var request = new HttpRequestMessage(options?.Method ?? HttpMethod.Get, url) { Content = options?.Body };
        foreach (var (name, value) in options?.Headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        if (options?.MaxAmount is { } max)
            request.WithMaxAmount(max);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The IndieGent marketplace: search services and call them by slug, charged to this agent's wallet
    /// under its spending policy (<see cref="MarketplaceClient"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The agent pays with its own key, not from an IndieGent wallet.</exception>
    public MarketplaceClient Marketplace => _marketplace
        ?? throw new InvalidOperationException("Only an agent paying from its IndieGent wallet (IndieGentAgent.ForPlatform) uses the marketplace.");

    /// <summary>How to fund this agent's IndieGent wallet (address, EIP-681 request, QR code) and its deposits so far.</summary>
    /// <exception cref="InvalidOperationException">The agent pays with its own key, not from an IndieGent wallet.</exception>
    /// <exception cref="PaymentException">The platform refused or did not answer.</exception>
    public Task<WalletFunding> GetFundingAsync(CancellationToken cancellationToken = default) =>
        _payer is PlatformPayer platform
            ? platform.GetFundingAsync(cancellationToken)
            : throw new InvalidOperationException("Only an agent paying from its IndieGent wallet (IndieGentAgent.ForPlatform) has funding instructions.");

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _platform?.Dispose();
    }
}

/// <summary>The shape of a <see cref="IndieGentAgent.FetchAsync(string, FetchOptions?, CancellationToken)"/> request.</summary>
public sealed class FetchOptions
{
    /// <summary>The method (GET by default).</summary>
    public HttpMethod? Method { get; init; }

    /// <summary>Request headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The body; buffered so a paid retry can send it again.</summary>
    public HttpContent? Body { get; init; }

    /// <summary>The most this call may cost, in base units.</summary>
    public BigInteger? MaxAmount { get; init; }
}
