using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Sdk;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ChainAddress = IndieGent.Chain.EvmAddress;

// The full 402 → pay → retry round trip on one anvil: our SDK (self-custody) against our middleware,
// and the mppx client against the mppx server (eng/interop), side by side; then the protocol core's
// parse/verify throughput.
//   dotnet run -c Release --project bench/IndieGent.Bench.Http402 [-- --seconds 10 --clients 1,16]
var seconds = Option("--seconds", 10);
var levels = (Arg("--clients") ?? "1,16").Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
const long Price = 1_000;
const string Secret = "benchmark-secret-of-at-least-thirty-two-bytes";
var ct = CancellationToken.None;

var anvil = new AnvilFixture();
await anvil.InitializeAsync();
try
{
    var owner = await anvil.CreateFundedAccountAsync(ct);
    var ownerWeb3 = anvil.CreateWeb3(owner.PrivateKey);
    var token = new TokenClient(ownerWeb3, await TokenDeployer.DeployAsync(ownerWeb3, new TokenDeploymentOptions(), ct));
    var payer = await anvil.CreateFundedAccountAsync(ct);
    await token.MintAsync(ChainAddress.Parse(payer.Address), 1_000_000_000_000, ct);
    var merchant = ChainAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress());

    await using var ours = await StartOursAsync(anvil, token.Address, merchant, (await anvil.CreateFundedAccountAsync(ct)).PrivateKey);
    await using var mppx = await NodePeer.StartServerAsync("mppx-server.mjs", new Dictionary<string, string>
    {
        ["RPC_URL"] = anvil.RpcUrl,
        ["CHAIN_ID"] = anvil.ChainId.ToString(CultureInfo.InvariantCulture),
        ["TOKEN"] = token.Address.ToChecksumHex(),
        ["PRICE"] = Price.ToString(CultureInfo.InvariantCulture),
        ["RECIPIENT"] = merchant.ToChecksumHex(),
        ["PORT"] = "0",
        ["SERVER_PRIVATE_KEY"] = (await anvil.CreateFundedAccountAsync(ct)).PrivateKey,
        ["MPP_SECRET"] = Secret,
    }, ct);

    Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    Console.WriteLine($"One anvil (automine); each level {seconds} s after a 2 s warm-up; every client sends one request at a time;");
    Console.WriteLine("each request: GET → 402 → sign an EIP-3009 authorization → GET with the credential → server submits it and waits for the receipt → 200.");
    Console.WriteLine();
    Console.WriteLine("| clients | IndieGent SDK → middleware req/s | p50 ms | mppx client → mppx server req/s | p50 ms | ratio |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
    foreach (var clients in levels)
    {
        var (oursRate, oursP50, oursFailures) = await RunOursAsync(anvil, token.Address, payer, new Uri(UrlOf(ours), "/paid"), clients, seconds);
        var theirs = await NodePeer.RunClientAsync("mppx-load.mjs", new Dictionary<string, string>
        {
            ["URL"] = new Uri(mppx.Url, "/paid").ToString(),
            ["PAYER_PRIVATE_KEY"] = payer.PrivateKey,
            ["TOKEN"] = token.Address.ToChecksumHex(),
            ["CHAIN_ID"] = anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["CONCURRENCY"] = clients.ToString(CultureInfo.InvariantCulture),
            ["SECONDS"] = seconds.ToString(CultureInfo.InvariantCulture),
            ["WARMUP"] = "2",
        }, ct, TimeSpan.FromSeconds(seconds + 60));
        var theirsRate = theirs.GetProperty("perSecond").GetDouble();
        var theirsP50 = theirs.GetProperty("p50").ValueKind == JsonValueKind.Number ? theirs.GetProperty("p50").GetDouble() : double.NaN;
        var theirFailures = theirs.GetProperty("failures").GetInt32();
        Console.WriteLine($"| {clients} | {oursRate:0.0} | {oursP50:0.0} | {theirsRate:0.0} | {theirsP50:0.0} | {(theirsRate > 0 ? oursRate / theirsRate : double.NaN):0.00}× |" +
            (oursFailures + theirFailures > 0 ? $" (failed requests: ours {oursFailures}, mppx {theirFailures})" : ""));
    }

    Console.WriteLine();
    await ProtocolCoreAsync(ours, token.Address, payer, anvil);
}
finally
{
    await anvil.DisposeAsync();
}

return 0;

static async Task<(double Rate, double P50, int Failures)> RunOursAsync(AnvilFixture anvil, ChainAddress token, TestAccount payer, Uri url,
    int clients, int seconds)
{
    var options = new SelfCustodyPayerOptions { PrivateKey = payer.PrivateKey, ChainId = anvil.ChainId, RpcUrl = new Uri(anvil.RpcUrl) };
    options.Tokens.Add(token);
    using var agent = IndieGentAgent.ForSelfCustody(options);
    var latencies = new List<double>();
    var failures = 0;
    var shown = 0;
    var warmEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
    var end = warmEnd + Stopwatch.Frequency * seconds;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < end)
        {
            var started = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                using var response = await agent.FetchAsync(url);
                ok = response.StatusCode == HttpStatusCode.OK;
                if (!ok && Interlocked.Increment(ref shown) <= 3)
                    Console.Error.WriteLine($"ours: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException e)
            {
                ok = false;
                if (Interlocked.Increment(ref shown) <= 3)
                    Console.Error.WriteLine($"ours: {e.Message}");
            }

            var now = Stopwatch.GetTimestamp();
            if (now <= warmEnd || now > end)
                continue;
            lock (latencies)
            {
                if (ok)
                    latencies.Add(Stopwatch.GetElapsedTime(started, now).TotalMilliseconds);
                else
                    failures++;
            }
        }
    }));
    latencies.Sort();
    return (latencies.Count / (double)seconds, latencies.Count > 0 ? latencies[latencies.Count / 2] : double.NaN, failures);
}

static async Task ProtocolCoreAsync(WebApplication ours, ChainAddress token, TestAccount payer, AnvilFixture anvil)
{
    // Real wire values from our middleware's 402 and a credential our SDK built for it.
    using var plain = new HttpClient();
    using var challenged = await plain.GetAsync(new Uri(UrlOf(ours), "/paid"));
    var header = challenged.Headers.WwwAuthenticate.Single().ToString();
    var paymentRequired = challenged.Headers.GetValues(X402HeaderNames.PaymentRequired).Single();
    var options = new SelfCustodyPayerOptions { PrivateKey = payer.PrivateKey, ChainId = anvil.ChainId, RpcUrl = new Uri(anvil.RpcUrl) };
    options.Tokens.Add(token);
    var proof = await new SelfCustodyPayer(options).PayAsync(new PaymentRequired
    {
        RequestUri = new Uri(UrlOf(ours), "/paid"),
        Method = HttpMethod.Get,
        WwwAuthenticate = [header],
        Offers = new IndieGent.Payments.Protocol.Offers.PaymentOfferReader(EvmNetworkDirectory.CreateDefault(), TimeProvider.System).Read([header]),
    }, CancellationToken.None);
    var credentialHeader = proof.Headers.Single().Value;
    var binder = ChallengeIdBinder.FromSecret(Secret);
    var credential = PaymentCredential.Parse(credentialHeader);
    var request = EvmChargeRequest.FromChallenge(credential.Challenge);
    var payload = EvmChargePayload.FromCredential(credential);

    Console.WriteLine("Protocol core, one thread (operations per second):");
    Console.WriteLine();
    Console.WriteLine("| operation | ops/s | µs/op |");
    Console.WriteLine("|---|---:|---:|");
    Measure("parse WWW-Authenticate (MPP challenge)", () => PaymentChallenge.Parse(header));
    Measure("parse Authorization (MPP credential)", () => PaymentCredential.Parse(credentialHeader));
    Measure("verify challenge binding (HMAC-SHA256)", () => binder.Check(credential.Challenge, TimeProvider.System));
    Measure("read evm charge request + payload", () => (EvmChargeRequest.FromChallenge(credential.Challenge), EvmChargePayload.FromCredential(credential)));
    Measure("check payload against challenge", () => EvmChargeVerifier.Check(credential.Challenge, request, payload, TimeProvider.System));
    Measure("parse PAYMENT-REQUIRED (x402)", () => X402PaymentRequired.Parse(paymentRequired));
    Measure("format MPP credential", () => credential.Format());
}

static void Measure<T>(string name, Func<T> operation)
{
    for (var i = 0; i < 2_000; i++)
        operation();
    var count = 0L;
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedMilliseconds < 1_500)
    {
        for (var i = 0; i < 500; i++)
            GC.KeepAlive(operation());
        count += 500;
    }

    var perSecond = count / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"| {name} | {perSecond:N0} | {1_000_000 / perSecond:0.00} |");
}

static async Task<WebApplication> StartOursAsync(AnvilFixture anvil, ChainAddress token, ChainAddress merchant, string settlerKey)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
    builder.Logging.ClearProviders();
    builder.Services.AddPaymentGate(o =>
    {
        o.Secret = Secret;
        o.ChainId = anvil.ChainId;
        o.RpcUrl = new Uri(anvil.RpcUrl);
        o.SettlementPrivateKey = settlerKey;
        o.Realm = "bench.local";
        o.ChainPollInterval = TimeSpan.FromMilliseconds(50); // as the mppx peer polls (eng/interop/lib/common.mjs)
    });
    var app = builder.Build();
    app.MapGet("/paid", () => Results.Json(new { ok = true })).RequirePayment(Price, token.ToChecksumHex(), merchant.ToChecksumHex());
    await app.StartAsync();
    return app;
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

int Option(string name, int fallback) => Arg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static Uri UrlOf(WebApplication app) =>
    new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
