using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Payments.Tests;

/// <summary>The Gateway's <c>GET /v1/marketplace/keys</c> on a real Kestrel port: the keys it serves, whether it fails, how often it was asked.</summary>
public sealed class PlatformKeysServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile IReadOnlyList<PlatformSigner> _serving = [];
    private int _requests;

    private PlatformKeysServer(WebApplication app) => _app = app;

    public Uri KeysUrl { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>When set, the endpoint answers 500.</summary>
    public bool Failing { get; set; }

    public void Serve(params PlatformSigner[] signers) => _serving = signers;

    public static async Task<PlatformKeysServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new PlatformKeysServer(app);
        app.MapGet("/v1/marketplace/keys", () =>
        {
            Interlocked.Increment(ref server._requests);
            return server.Failing
                ? Results.StatusCode(StatusCodes.Status500InternalServerError)
                : Results.Json(new { keys = server._serving.Select(s => new { kid = s.KeyId, alg = "ES256", publicKey = s.PublicKey }) });
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.KeysUrl = new Uri(new Uri(address), "/v1/marketplace/keys");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
