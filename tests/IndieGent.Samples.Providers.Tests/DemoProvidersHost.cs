using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Payments.Protocol.Marketplace;
using IndieGent.Samples.Providers.Registration;
using IndieGent.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace IndieGent.Samples.Providers.Tests;

/// <summary>
/// The demo app in memory without registration (no <c>Providers:Gateway</c>): its provider id and the platform's key are
/// configured, and tests seal the platform's header themselves, for the service whose routes they call.
/// </summary>
public sealed class DemoProvidersHost : IAsyncDisposable
{
    public const string KeyId = "test-platform";

    private readonly WebApplicationFactory<DemoProviders> _factory;

    public DemoProvidersHost()
    {
        _factory = new WebApplicationFactory<DemoProviders>().WithWebHostBuilder(web =>
        {
            web.UseSetting("MarketplaceCalls:ProviderId", ProviderId.ToString());
            web.UseSetting($"MarketplaceCalls:PlatformKeys:{KeyId}", Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo()));
            web.ConfigureLogging(l => l.ClearProviders().AddProvider(Logs));
        });
        Client = _factory.CreateClient();
    }

    public Guid ProviderId { get; } = Guid.NewGuid();

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public CapturedLogs Logs { get; } = new();

    public HttpClient Client { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A header for <paramref name="service"/> as the Gateway would send it with <paramref name="method"/> <paramref name="pathAndQuery"/>.</summary>
    public string Header(DemoService service, string method, string pathAndQuery, Guid? callId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var path = pathAndQuery.Split('?')[0];
        return MarketplaceCallHeader.Seal(
            new MarketplaceCall(ProviderId, service.Slug, callId ?? Guid.NewGuid(), service.Price, "USDC", method, path, now, now.AddMinutes(1)), KeyId, Key);
    }

    /// <summary>A paid request (sealed for <paramref name="service"/>), or an unpaid one when <paramref name="service"/> is null.</summary>
    public async Task<HttpResponseMessage> SendAsync(DemoService? service, string method, string pathAndQuery, object? body = null, Guid? callId = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (service is not null)
            request.Headers.Add(MarketplaceCallHeader.Name, Header(service, method, pathAndQuery, callId));
        if (body is not null)
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        return await Client.SendAsync(request, Ct);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    /// <summary>The problem of an answer: (status, type, the names of its field errors in order, comma-separated).</summary>
    public static async Task<(int Status, string Type, string Fields)> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        var fields = problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
        return ((int)response.StatusCode, problem.GetProperty("type").GetString()!, string.Join(",", fields));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        Key.Dispose();
    }
}
