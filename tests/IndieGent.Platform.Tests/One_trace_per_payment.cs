using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// What the dashboard shows: a payment is one trace, from the agent's request through the services
/// and the bus to the saga's follow-up, and background loops add no traces of their own.
/// </summary>
public sealed class One_trace_per_payment(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    [Fact]
    public async Task Every_span_recorded_while_a_payment_runs_belongs_to_its_trace()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);

        // Recorded as an exporter would: nothing inside a suppressed (background) scope.
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                OpenTelemetry.Sdk.SuppressInstrumentation ? ActivitySamplingResult.None : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var payment = new Activity("agent pays").Start();
        using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(10_000), "traced-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        payment.Stop();
        // The saga hears of the credential through the bus, in the payment's trace; meanwhile the chain
        // followers and the relays keep polling.
        await Eventually.HoldsAsync(() => Task.FromResult(spans.Any(s =>
            s.TraceId == payment.TraceId && s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer)), Ct);
        await Platform.PaymentReachesAsync(agent.ApiKey, paid.PaymentId, "Authorized");

        // No pass of a background loop started a trace: no root span of the database or of the chain's JSON-RPC.
        var rpc = new Uri(Anvil.RpcUrl).Authority;
        var backgroundRoots = spans.Where(s => s.ParentSpanId == default && (s.Source.Name is "Npgsql" or "Marten" ||
            s.GetTagItem("url.full") is string url && url.Contains(rpc, StringComparison.Ordinal))).ToList();
        Assert.True(backgroundRoots.Count == 0,
            $"Background work started traces: {string.Join(", ", backgroundRoots.Select(s => $"{s.Source.Name}/{s.DisplayName}").Distinct().Take(10))}");
        // The request path is one trace: the Gateway's calls to the Ledger, Settlement and the Wallet.
        Assert.True(spans.Count(s => s.TraceId == payment.TraceId && s.Kind == ActivityKind.Server) >= 4);
    }
}
