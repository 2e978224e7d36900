using System.Numerics;
using IndieGent.Chain;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Sdk;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Payments.Tests;

/// <summary>
/// A real Kestrel API priced with <c>.RequirePayment</c>: GET /paid (answers with the request's own
/// <c>Authorization</c>, as an API checking its callers' bearer keys would see it), POST /echo (echoes the body),
/// GET /split (the same price, paying <see cref="SplitShares"/> out of it: permit2 only), GET /metered (at most the price, x402 upto:
/// charges <c>?use=</c> base units, the maximum without it; <c>?fail=true</c> answers 503 and charges nothing).
/// </summary>
public sealed class PaidApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PaidApi(WebApplication app, Uri url, CapturedLogs logs)
    {
        _app = app;
        Url = url;
        Logs = logs;
    }

    public Uri Url { get; }

    public CapturedLogs Logs { get; }

    public Uri Paid => new(Url, "/paid");

    public Uri Echo => new(Url, "/echo");

    public Uri Split => new(Url, "/split");

    public Uri Metered(long? use = null, bool fail = false) =>
        new(Url, "/metered" + (use is { } u ? $"?use={u}" : "") + (fail ? (use is null ? "?" : "&") + "fail=true" : ""));

    /// <summary>What GET /split pays others out of the price: a fee and a referral, to fresh addresses.</summary>
    public static IReadOnlyList<(IndieGent.Chain.EvmAddress Recipient, BigInteger Amount)> SplitShares(BigInteger price) =>
        [(SplitFee, price / 10), (SplitReferral, price / 20)];

    private static readonly IndieGent.Chain.EvmAddress SplitFee = IndieGent.Chain.EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress());
    private static readonly IndieGent.Chain.EvmAddress SplitReferral = IndieGent.Chain.EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress());

    public static async Task<PaidApi> StartAsync(ChainWorld world, BigInteger price, Action<PaymentServerOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var token = world.Token.Address.ToChecksumHex();
        var recipient = world.Merchant.ToChecksumHex();
        var (app, url, logs) = await GateHost.StartAsync(world, "paid.test", configure, services, app => Map(app, price, token, recipient));
        return new PaidApi(app, url, logs);
    }

    private static void Map(WebApplication app, BigInteger price, string token, string recipient)
    {
        app.MapGet("/paid", (HttpContext http) => Results.Json(new
            {
                ok = true, paidWith = http.GetPayment()?.TransactionHash, authorization = http.Request.Headers.Authorization.ToString(),
            }))
            .RequirePayment(price, token, recipient, "a paid answer");
        app.MapPost("/echo", async (HttpRequest request) => Results.Text(await new StreamReader(request.Body).ReadToEndAsync()))
            .RequirePayment(price, token, recipient);
        app.MapGet("/split", () => Results.Json(new { ok = true }))
            .RequirePayment(price, token, recipient, [.. SplitShares(price).Select(s => (s.Recipient.ToChecksumHex(), s.Amount, (string?)"share"))]);
        app.MapGet("/metered", (HttpContext http, long? use, bool? fail) =>
            {
                if (fail == true)
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Upstream down");
                if (use is { } charged)
                    http.SetCharge(charged);
                return Results.Json(new { ok = true, used = use });
            })
            .RequireMeteredPayment(price, token, recipient, "a metered answer");
        app.MapGet("/free", () => "free");
    }

    /// <summary>GET /paid with one payment header set by hand (a replay, a forgery).</summary>
    public async Task<HttpResponseMessage> SendWithAsync(string header, string value)
    {
        using var plain = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Paid);
        request.Headers.TryAddWithoutValidation(header, value);
        return await plain.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A credential for a fresh challenge of GET /paid (in the payer's preferred credential type), not sent.</summary>
    public async Task<string> CredentialAsync(SelfCustodyPayerOptions payer)
    {
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(Paid, TestContext.Current.CancellationToken);
        string[] challenges = [.. challenged.Headers.WwwAuthenticate.Select(h => h.ToString())];
        var proof = await new SelfCustodyPayer(payer).PayAsync(new PaymentRequired
        {
            RequestUri = Paid,
            Method = HttpMethod.Get,
            WwwAuthenticate = challenges,
            Offers = new PaymentOfferReader(EvmNetworkDirectory.CreateDefault(), TimeProvider.System).Read(challenges),
        }, TestContext.Current.CancellationToken);
        return proof.Headers.Single().Value;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
