using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Funding.Api.Apis;
using IndieGent.Funding.Onramp;
using Microsoft.Extensions.Options;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// <c>POST /webhooks/coinbase/onramp</c>: Coinbase's transaction events, verified from
/// <c>X-Hook0-Signature</c> over the raw body before anything is read or recorded (a bad or stale
/// signature: 401, nothing recorded). An event for no order of ours is acknowledged and dropped.
/// Each event is applied once, by its <c>X-Event-Id</c>.
/// </summary>
public static partial class OnrampWebhookApi
{
    /// <summary>Coinbase's events are a few kilobytes; anything far larger is not one.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private const string EventIdHeader = "X-Event-Id";

    public static IEndpointRouteBuilder MapOnrampWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/coinbase/onramp", Receive).WithTags("Webhooks").AllowAnonymous();
        return app;
    }

    public sealed record Acknowledged(string Outcome);

    public static async Task<IResult> Receive(HttpContext http, OnrampReports reports, IOptions<OnrampOptions> options, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
            return FundingProblems.Of("webhook-too-large", "Webhook too large", $"A webhook body is at most {MaxBodyBytes} bytes.",
                StatusCodes.Status413PayloadTooLarge);

        var verification = Hook0Signature.Verify(http.Request.Headers[Hook0Signature.HeaderName], name => http.Request.Headers[name].FirstOrDefault(),
            body, options.Value.WebhookSecret ?? "", time.GetUtcNow(), Hook0Signature.DefaultTolerance);
        if (verification != Hook0Verification.Valid)
        {
            LogRefused(loggers.CreateLogger(typeof(OnrampWebhookApi)), verification);
            return FundingProblems.Of("webhook-signature-invalid", "Webhook signature invalid",
                verification == Hook0Verification.Stale
                    ? "The X-Hook0-Signature timestamp is more than five minutes away; the delivery was not applied."
                    : "The X-Hook0-Signature header is missing or does not match the body; the delivery was not applied.",
                StatusCodes.Status401Unauthorized);
        }

        if (Parse(body) is not { } parsed)
            return FundingProblems.Of("webhook-malformed", "Webhook malformed", "The body is not an on-ramp transaction event.",
                StatusCodes.Status400BadRequest);

        // Hook0 names each event in X-Event-Id (a redelivery keeps it); without one, the body's digest stands for it.
        var eventId = http.Request.Headers[EventIdHeader].FirstOrDefault() is { Length: > 0 and <= 100 } id
            ? id
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        var outcome = await reports.ApplyAsync(parsed.PartnerUserRef, parsed.Report, "webhook:" + eventId, ct);
        return TypedResults.Ok(new Acknowledged(outcome switch
        {
            ReportOutcome.Applied => "applied",
            ReportOutcome.Duplicate => "duplicate",
            _ => "ignored",
        }));
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // The event's fields as Coinbase sends them (camelCase); the status falls back on the event type.
    private static (string PartnerUserRef, CoinbaseReport Report)? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "partnerUserRef") is not { Length: > 0 } partnerUserRef)
                return null;
            var status = Text(root, "status") ?? Text(root, "eventType") switch
            {
                "onramp.transaction.success" => CoinbaseTransactionStatus.Success,
                "onramp.transaction.failed" => CoinbaseTransactionStatus.Failed,
                _ => CoinbaseTransactionStatus.InProgress,
            };
            var purchase = root.TryGetProperty("purchaseAmount", out var amount) && amount.ValueKind == JsonValueKind.Object ? Text(amount, "value") : null;
            return (partnerUserRef, new CoinbaseReport(Text(root, "transactionId"), status, Text(root, "txHash"), purchase, Text(root, "failureReason")));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Coinbase Onramp webhook: signature {Verification}")]
    private static partial void LogRefused(ILogger logger, Hook0Verification verification);
}
