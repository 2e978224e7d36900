using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using IndieGent.Contracts.Payments;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Payments;

/// <summary>A payment's status as an operator's event stream carries it: never the agent's credential.</summary>
public sealed record PaymentEvent(Guid PaymentId, Guid AgentId, PaymentStatus Status, string Amount, string? TxHash, PaymentReason? Reason,
    string? Detail, DateTimeOffset At);

/// <summary>
/// <c>GET /v1/payments/events</c>: the operator's payments as they change (requested and held,
/// authorized, settled, denied, failed, expired), as server-sent events, from the statuses this
/// instance hears on the bus. A stream starts empty (read <c>GET /v1/payments</c> for what came
/// before); a reader that falls behind loses the oldest events, never the Gateway's time.
/// </summary>
public sealed class PaymentEvents(IOptions<GatewayOptions> options)
{
    private const int Buffered = 1_000;
    private readonly Dictionary<Guid, List<Channel<PaymentEvent>>> _streams = [];

    public void Publish(PaymentStatusChanged status)
    {
        Channel<PaymentEvent>[] readers;
        lock (_streams)
        {
            if (!_streams.TryGetValue(status.OperatorId, out var open))
                return;
            readers = [.. open];
        }

        var e = new PaymentEvent(status.PaymentId, status.AgentId, status.Status, status.Amount, status.TxHash, status.Reason, status.Detail,
            status.At);
        foreach (var reader in readers)
            reader.Writer.TryWrite(e);
    }

    /// <summary>A new stream for the operator, or null when it has as many open as it may. Disposing it closes it.</summary>
    public Subscription? Open(Guid operatorId)
    {
        lock (_streams)
        {
            if (!_streams.TryGetValue(operatorId, out var open))
                _streams[operatorId] = open = [];
            if (open.Count >= options.Value.MaxPaymentStreamsPerOperator)
                return null;
            var channel = Channel.CreateBounded<PaymentEvent>(new BoundedChannelOptions(Buffered)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            });
            open.Add(channel);
            return new Subscription(this, operatorId, channel);
        }
    }

    private void Close(Guid operatorId, Channel<PaymentEvent> channel)
    {
        lock (_streams)
        {
            if (_streams.TryGetValue(operatorId, out var open) && open.Remove(channel) && open.Count == 0)
                _streams.Remove(operatorId);
        }
    }

    /// <summary>One open stream: its events, until it is disposed (whether or not anyone read them).</summary>
    public sealed class Subscription(PaymentEvents owner, Guid operatorId, Channel<PaymentEvent> channel) : IDisposable
    {
        public void Dispose() => owner.Close(operatorId, channel);

        /// <summary>The events; a <c>heartbeat</c> (no data) after each quiet <see cref="Heartbeat"/>, so idle connections stay open through proxies.</summary>
        public async IAsyncEnumerable<SseItem<PaymentEvent?>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(Heartbeat);
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(quiet.Token))
                        yield break;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Quiet for a while: the heartbeat below.
                }

                var any = false;
                while (channel.Reader.TryRead(out var e))
                {
                    any = true;
                    yield return new SseItem<PaymentEvent?>(e, "payment") { EventId = $"{e.PaymentId:N}-{e.At.ToUnixTimeMilliseconds()}" };
                }

                if (!any)
                    yield return new SseItem<PaymentEvent?>(null, "heartbeat");
            }
        }
    }

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
}

public static class PaymentEventsApi
{
    public static IEndpointRouteBuilder MapPaymentEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/payments/events", async (HttpContext http, PaymentEvents events, CancellationToken ct) =>
            {
                var operatorId = http.User.OperatorId()!.Value;
                using var subscription = events.Open(operatorId);
                if (subscription is null)
                {
                    await http.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "too-many-streams", "Too many event streams",
                        "This operator has as many payment event streams open as it may; close one first.");
                    return;
                }

                http.Response.ContentType = "text/event-stream";
                http.Response.Headers.CacheControl = "no-store";
                try
                {
                    // The headers go out at once: a client knows it is subscribed before the first event.
                    await http.Response.Body.FlushAsync(ct);
                    await SseFormatter.WriteAsync(subscription.ReadAsync(ct), http.Response.Body, (item, buffer) =>
                    {
                        using var json = new Utf8JsonWriter(buffer);
                        JsonSerializer.Serialize(json, item.Data, ServiceClient.Json);
                    }, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // The client went away.
                }
            })
            .WithTags("Payments").RequireAuthorization(IdentityPolicies.Operator)
            .WithSummary("The operator's payments as they change (server-sent events)");
        return app;
    }
}
