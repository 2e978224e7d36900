using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Payments.Protocol.Marketplace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Samples.Providers.Tests;

/// <summary>
/// The slice of the platform's public Gateway a provider registers through, on a real Kestrel port, with the shapes the
/// platform specifies: <c>POST /v1/operators</c> (admin key), <c>POST /v1/marketplace/providers</c> and
/// <c>PUT /v1/marketplace/services/{slug}</c> (operator key), <c>GET /v1/marketplace/keys</c>. It records what it was sent,
/// can fail its first requests with 503, hold provider creation, or refuse a slug with 409; it signs calls as the platform.
/// </summary>
public sealed class FakeGateway : IAsyncDisposable
{
    public const string AdminKey = "igk_admin_9f1c0d7e5b3a";
    public const string OperatorKey = "igk_op_4e8a2b6c0d1f";
    public const string KeyId = "gw-2027";

    private readonly WebApplication _app;
    private int _failuresLeft;

    private FakeGateway(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public Guid ProviderId { get; } = Guid.NewGuid();

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Provider creation waits for this (completed unless a test holds it).</summary>
    public TaskCompletionSource ProviderCreation { get; set; } = CompletedSource();

    /// <summary>A slug whose PUT is answered 409, as when another operator owns it.</summary>
    public string? TakenSlug { get; set; }

    public int FailFirst { set => _failuresLeft = value; }

    public sealed record Received(string Method, string Path, string? Authorization, JsonElement? Body);

    public static async Task<FakeGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeGateway(app);
        app.Use(async (http, next) =>
        {
            JsonElement? body = null;
            if (http.Request.HasJsonContentType())
                body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            gateway.Requests.Enqueue(new Received(http.Request.Method, http.Request.Path, http.Request.Headers.Authorization, body));
            if (Interlocked.Decrement(ref gateway._failuresLeft) >= 0)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            http.Items["body"] = body;
            await next(http);
        });
        app.MapPost("/v1/operators", (HttpContext http) => Bearer(http) == AdminKey
            ? Results.Json(new { id = Guid.NewGuid(), name = "x", apiKey = OperatorKey }, statusCode: 201)
            : Results.Problem(statusCode: 401, type: "https://indiegent.dev/problems/unauthorized"));
        app.MapPost("/v1/marketplace/providers", async (HttpContext http) =>
        {
            if (Bearer(http) != OperatorKey)
                return Results.Problem(statusCode: 401, type: "https://indiegent.dev/problems/unauthorized");
            await gateway.ProviderCreation.Task;
            var body = (JsonElement)http.Items["body"]!;
            return Results.Json(new { id = gateway.ProviderId, name = body.GetProperty("name").GetString(), payoutAddress = body.GetProperty("payoutAddress").GetString() },
                statusCode: 201);
        });
        app.MapPut("/v1/marketplace/services/{slug}", (string slug, HttpContext http) =>
            Bearer(http) != OperatorKey ? Results.Problem(statusCode: 401, type: "https://indiegent.dev/problems/unauthorized")
            : slug == gateway.TakenSlug ? Results.Problem(statusCode: 409, type: "https://indiegent.dev/problems/slug-taken",
                detail: $"The slug '{slug}' is another provider's service; choose another.")
            : Results.Json(new { slug }));
        app.MapGet("/v1/marketplace/keys", () =>
            Results.Json(new { keys = new[] { new { kid = KeyId, alg = "ES256", publicKey = Convert.ToBase64String(gateway.Key.ExportSubjectPublicKeyInfo()) } } }));
        await app.StartAsync(TestContext.Current.CancellationToken);
        gateway.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return gateway;
    }

    /// <summary>The header the platform sends with a paid call to <paramref name="service"/>'s <paramref name="path"/>.</summary>
    public string Seal(string service, string method, string path)
    {
        var now = DateTimeOffset.UtcNow;
        return MarketplaceCallHeader.Seal(new MarketplaceCall(ProviderId, service, Guid.NewGuid(), "20000", "USDC", method, path, now, now.AddMinutes(1)), KeyId, Key);
    }

    public IReadOnlyList<Received> To(string method, string pathPrefix) =>
        [.. Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        ProviderCreation.TrySetResult();
        await _app.DisposeAsync();
        Key.Dispose();
    }

    private static string? Bearer(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : null;

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
