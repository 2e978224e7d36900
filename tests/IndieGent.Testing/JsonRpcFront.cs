using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Testing;

/// <summary>
/// A JSON-RPC front for a node, for a test that must make the node act at one exact moment of a client's conversation with
/// it: each call goes to <c>intercept</c> first, which may answer it itself (an error a node gives) or do something first
/// (refuse the next transaction, reorganise the chain) and let it through; everything else is passed to the node as it is.
/// </summary>
public sealed class JsonRpcFront : IAsyncDisposable
{
    private readonly WebApplication _app;

    private JsonRpcFront(WebApplication app, Uri url) => (_app, Url) = (app, url);

    /// <summary>Where clients send their calls.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts a front for <paramref name="node"/>. <paramref name="intercept"/> sees every single call (a JSON-RPC object) and
    /// returns the answer to send instead, or null to pass the call to the node (after whatever it did).
    /// </summary>
    public static async Task<JsonRpcFront> StartAsync(Uri node, Func<JsonObject, Task<JsonNode?>> intercept, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(intercept);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient();
        var app = builder.Build();
        app.MapPost("/", async (HttpContext http, IHttpClientFactory clients) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
            if (JsonNode.Parse(body) is JsonObject call && await intercept(call) is { } answer)
                return Results.Content(answer.ToJsonString(), "application/json");

            using var forwarded = await clients.CreateClient().PostAsync(node, new StringContent(body, Encoding.UTF8, "application/json"), http.RequestAborted);
            return Results.Content(await forwarded.Content.ReadAsStringAsync(http.RequestAborted), "application/json");
        });
        await app.StartAsync(ct);
        return new JsonRpcFront(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    /// <summary>A node's error answer to <paramref name="call"/>.</summary>
    public static JsonObject Error(JsonObject call, int code, string message)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = call["id"]?.DeepClone(),
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
