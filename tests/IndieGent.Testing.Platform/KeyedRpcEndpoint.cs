using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IndieGent.Testing.Platform;

/// <summary>
/// A chain RPC endpoint the way hosted providers serve one: the API key is a path segment
/// (<c>/v2/&lt;key&gt;</c>), and any other path is refused. Forwards JSON-RPC to the real chain, so
/// a platform configured with <see cref="Url"/> works only if it sends the key, and a redaction
/// test can look for <see cref="Key"/> everywhere.
/// </summary>
public sealed class KeyedRpcEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _chain = new();

    private KeyedRpcEndpoint(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The secret path segment.</summary>
    public string Key { get; private init; } = "";

    /// <summary>The URL with the key, as an operator configures it.</summary>
    public string Url { get; }

    public static async Task<KeyedRpcEndpoint> StartAsync(string chainRpcUrl)
    {
        var key = "rpckey" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new KeyedRpcEndpoint(app, $"http://127.0.0.1:{port}/v2/{key}") { Key = key };
        var target = new Uri(chainRpcUrl);
        app.MapPost($"/v2/{key}", async (HttpContext context) =>
        {
            using var body = new StreamContent(context.Request.Body);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var answer = await endpoint._chain.PostAsync(target, body, context.RequestAborted);
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = "application/json";
            await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapFallback(() => Results.StatusCode(StatusCodes.Status401Unauthorized));
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _chain.Dispose();
    }
}
