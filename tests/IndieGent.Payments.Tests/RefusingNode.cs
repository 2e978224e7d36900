using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Payments.Tests;

/// <summary>
/// The shared anvil behind a JSON-RPC front that can refuse the next <c>eth_sendRawTransaction</c> with a node's error
/// (as a node does for a transaction it will not take: underpriced, a nonce it no longer expects, its pool full) — after
/// the sender has signed it, so at a nonce it took. Everything else is passed to anvil as it is.
/// </summary>
internal sealed class RefusingNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _refuseNext;
    private int _refused;

    private RefusingNode(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>How many transactions it refused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void RefuseNextRawTransaction() => Volatile.Write(ref _refuseNext, 1);

    public static async Task<RefusingNode> StartAsync(Uri anvil)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient();
        var app = builder.Build();
        RefusingNode? node = null;
        app.MapPost("/", async (HttpContext http, IHttpClientFactory clients) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
            if (JsonNode.Parse(body) is JsonObject call && (string?)call["method"] == "eth_sendRawTransaction" &&
                Interlocked.Exchange(ref node!._refuseNext, 0) == 1)
            {
                Interlocked.Increment(ref node._refused);
                return Results.Json(new JsonObject
                {
                    ["jsonrpc"] = "2.0", ["id"] = call["id"]?.DeepClone(),
                    ["error"] = new JsonObject { ["code"] = -32003, ["message"] = "transaction rejected: the test's node refuses it" },
                });
            }

            using var forwarded = await clients.CreateClient().PostAsync(anvil,
                new StringContent(body, System.Text.Encoding.UTF8, "application/json"), http.RequestAborted);
            return Results.Content(await forwarded.Content.ReadAsStringAsync(http.RequestAborted), "application/json");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        node = new RefusingNode(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
        return node;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
