using System.Globalization;
using System.Net.Http.Json;
using IndieGent.Chain;
using IndieGent.Payments.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IndieGent.Testing.Platform;

/// <summary>Imports of external paid APIs into the marketplace, and such an API to import.</summary>
public sealed partial class PaymentPlatform
{
    /// <summary>Posts an import (the caller disposes the response); <paramref name="body"/> is the request's JSON.</summary>
    public async Task<HttpResponseMessage> ImportAsync(string operatorKey, object body)
    {
        using var client = Client(operatorKey);
        return await client.PostAsJsonAsync("/v1/marketplace/imports", body, Ct);
    }

    /// <summary>
    /// An external paid API as its provider runs it, on Kestrel with our payment middleware: <c>GET /search</c>
    /// answers 402 until paid <paramref name="price"/> of the platform's token to <paramref name="merchant"/>
    /// (settled on anvil), and <c>GET /openapi.json</c> describes it with the MPP discovery extensions. The
    /// document names no server, so its own origin is the API's base URL.
    /// </summary>
    public async Task<WebApplication> StartDiscoverablePaidApiAsync(long price, EvmAddress merchant, string title = "Weather Search API")
    {
        var settler = await Anvil.CreateFundedAccountAsync(Ct);
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders().AddProvider(Logs);
        builder.Services.AddPaymentGate(o =>
        {
            o.Secret = "platform-test-secret-of-32-bytes-or-more";
            o.ChainId = Anvil.ChainId;
            o.RpcUrl = new Uri(Anvil.RpcUrl);
            o.SettlementPrivateKey = settler.PrivateKey;
        });
        var app = builder.Build();
        var document = DiscoveryDocument(price, title);
        app.MapGet("/openapi.json", () => Results.Text(document, "application/json"));
        app.MapGet("/search", () => "results").RequirePayment(price, Token.Address.ToChecksumHex(), merchant.ToChecksumHex());
        await app.StartAsync(Ct);
        return app;
    }

    /// <summary>The discovery document of <see cref="StartDiscoverablePaidApiAsync"/>'s API (with <paramref name="server"/> as <c>servers[0]</c> when given).</summary>
    public string DiscoveryDocument(long price, string title = "Weather Search API", string? server = null)
    {
        var servers = server is null ? "" : $"\"servers\": [{{ \"url\": \"{server}\" }}],";
        return $$"""
        {
          "openapi": "3.1.0",
          "info": { "title": "{{title}}", "version": "1.0.0", "description": "Searches today's weather reports." },
          {{servers}}
          "x-service-info": {
            "categories": ["weather", "search"],
            "docs": { "homepage": "/docs", "llms": "https://weather.example/llms.txt" }
          },
          "paths": {
            "/search": {
              "get": {
                "operationId": "search",
                "summary": "Search the reports",
                "x-payment-info": {
                  "offers": [
                    { "intent": "charge", "method": "evm", "amount": "{{price.ToString(CultureInfo.InvariantCulture)}}", "currency": "{{Token.Address.ToChecksumHex()}}" }
                  ]
                },
                "responses": { "200": { "description": "Results" }, "402": { "description": "Payment Required" } }
              }
            },
            "/health": { "get": { "responses": { "200": { "description": "Up" } } } }
          }
        }
        """;
    }
}
