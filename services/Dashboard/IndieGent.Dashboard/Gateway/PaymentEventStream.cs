using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace IndieGent.Dashboard.Gateway;

/// <summary>A payment's change, as the Gateway's event stream carries it.</summary>
public sealed record PaymentEvent(Guid PaymentId, Guid AgentId, string Status, string Amount, string? TxHash, string? Reason, string? Detail,
    DateTimeOffset At);

/// <summary>Reads <c>GET /v1/payments/events</c> (server-sent events) with the operator's key.</summary>
public sealed class PaymentEventStream(IHttpClientFactory clients)
{
    /// <param name="connected">Called once the Gateway has accepted the subscription.</param>
    public async IAsyncEnumerable<PaymentEvent> ReadAsync(string apiKey, Func<Task> connected, [EnumeratorCancellation] CancellationToken ct)
    {
        using var http = clients.CreateClient(GatewayClient.StreamClient);
        using var request = GatewayClient.Request(apiKey, HttpMethod.Get, "/v1/payments/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await GatewayClient.SendCheckedAsync(http, request, HttpCompletionOption.ResponseHeadersRead, ct);
        await connected();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(ct))
        {
            if (item.EventType == "payment" && JsonSerializer.Deserialize<PaymentEvent>(item.Data, GatewayClient.Json) is { } e)
                yield return e;
        }
    }
}
