using IndieGent.Chain;
using IndieGent.Payments.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Testing.Platform;

/// <summary>
/// A merchant's API on Kestrel, GET /search and POST /echo priced with our middleware in the platform's token (and, with a
/// split, GET /split paying a partner its share of the price).
/// </summary>
public static class PaidApis
{
    /// <param name="replayDatabase">A PostgreSQL database for the replay store (hash proofs need a durable one), else in memory.</param>
    /// <param name="split">A partner paid a share of each payment of GET /split.</param>
    public static async Task<WebApplication> StartAsync(PaymentPlatform platform, long price, EvmAddress merchant,
        Action<PaymentServerOptions>? configure = null, string? replayDatabase = null, (EvmAddress Partner, long Share)? split = null)
    {
        var settler = await platform.Anvil.CreateFundedAccountAsync(PaymentPlatform.Ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(platform.Logs);
        builder.Services.AddPaymentGate(o =>
        {
            o.Secret = "platform-test-secret-of-32-bytes-or-more";
            o.ChainId = platform.Anvil.ChainId;
            o.RpcUrl = new Uri(platform.Anvil.RpcUrl);
            o.SettlementPrivateKey = settler.PrivateKey;
            configure?.Invoke(o);
        });
        if (replayDatabase is not null)
            builder.Services.AddPostgresPaymentReplayStore(replayDatabase);
        var app = builder.Build();
        app.MapGet("/search", () => "results").RequirePayment(price, platform.Token.Address.ToChecksumHex(), merchant.ToChecksumHex());
        // The same price for a POST that answers with the body it received (a paid retry must send the body again).
        app.MapPost("/echo", async (HttpContext http) =>
        {
            http.Response.ContentType = http.Request.ContentType;
            await http.Request.Body.CopyToAsync(http.Response.Body, http.RequestAborted);
        }).RequirePayment(price, platform.Token.Address.ToChecksumHex(), merchant.ToChecksumHex());
        if (split is var (partner, share))
        {
            app.MapGet("/split", () => Results.Text("split paid"))
                .RequirePayment(price, platform.Token.Address.ToChecksumHex(), merchant.ToChecksumHex(),
                    [(partner.ToChecksumHex(), new System.Numerics.BigInteger(share), "partner")]);
        }

        await app.StartAsync(PaymentPlatform.Ct);
        return app;
    }

    public static Uri Url(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
