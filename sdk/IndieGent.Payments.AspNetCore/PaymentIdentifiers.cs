using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// The server side of the x402 <c>payment-identifier</c> extension. A payment carrying an id is looked up before it is
/// verified (a resend's authorization is already used on chain): the first request of an id goes on alone; the same id
/// with the same payment (fingerprint of the payload, the method and the route) gets the first answer again, as it was
/// (status, content type, body, <c>PAYMENT-RESPONSE</c>), and is charged nothing; another payment under the id is a 409.
/// An id whose request paid nothing is freed, so the same payment can be sent again. An answer that was not kept (larger than
/// the server keeps, or the endpoint failed) is not made again: the resend is told so (409), never served twice for one payment.
/// </summary>
internal sealed partial class PaymentIdentifiers(IPaymentReplayStore store, PaymentServerOptions options, TimeProvider time, ILogger logger)
{
    // How often an instance forgets answers past their retention.
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromMinutes(10);

    private long _nextForget;

    /// <summary>The <c>extensions</c> to declare in <c>PAYMENT-REQUIRED</c>, or <see langword="null"/>.</summary>
    public JsonElement? Declaration { get; } = options.PaymentIdentifier == PaymentIdentifierUse.Off
        ? null
        : X402PaymentIdentifier.Extensions(options.PaymentIdentifier == PaymentIdentifierUse.Required);

    // A request in progress holds its id this long (its settlement's wait, a slot's, the endpoint's run); past it (its instance
    // died), a resend takes over.
    private TimeSpan Lease => 2 * options.SettlementTimeout + TimeSpan.FromMinutes(5);

    /// <summary>Where the request's payment id (if any) stands: no id, a new one, a refusal, or the remembered answer.</summary>
    public async Task<Identification> BeginAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (options.PaymentIdentifier == PaymentIdentifierUse.Off || request.Headers[X402HeaderNames.PaymentSignature].ToString() is not { Length: > 0 } header)
            return Identification.None;
        string? id;
        try
        {
            id = X402PaymentIdentifier.Read(X402PaymentPayload.Parse(header).Extensions);
        }
        catch (PaymentProtocolException e) when (e.Field == X402PaymentIdentifier.Key)
        {
            return new Identification(null, Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MalformedCredential, "Malformed payment id",
                e.Message, challenge: false));
        }
        catch (PaymentProtocolException)
        {
            return Identification.None; // a malformed payment: verification says why
        }

        if (id is null)
        {
            return options.PaymentIdentifier == PaymentIdentifierUse.Required
                ? new Identification(null, Verdict.Fail(StatusCodes.Status400BadRequest, SettlementProblemTypes.PaymentIdentifierRequired,
                    "Payment id required", $"This server answers each x402 payment once by its id: add extensions[\"{X402PaymentIdentifier.Key}\"].info.id."))
                : Identification.None;
        }

        string fingerprint;
        try
        {
            fingerprint = Fingerprint(request, header);
        }
        catch (Exception e) when (e is PaymentProtocolException or FormatException)
        {
            return new Identification(null, Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MalformedCredential, "Malformed payment",
                "The payment cannot be read as canonical JSON.", challenge: false));
        }

        await ForgetOldAnswersAsync(cancellationToken).ConfigureAwait(false);
        var begun = await store.BeginIdentifiedAsync(id, fingerprint, Lease, cancellationToken).ConfigureAwait(false);
        switch (begun.State)
        {
            case IdentifiedPaymentState.New:
                return new Identification(id);
            case IdentifiedPaymentState.Answered when begun.Answer!.Body is null:
                return new Identification(null, new Verdict(null, StatusCodes.Status409Conflict, SettlementProblemTypes.PaymentIdentifierConflict,
                    "Payment already answered", "This payment was answered once; its answer was not kept (too large, or the endpoint failed), and a payment is served once.",
                    Challenge: false));
            case IdentifiedPaymentState.Answered:
                LogAnsweredAgain(id);
                return new Identification(null, Answer: begun.Answer);
            case IdentifiedPaymentState.InProgress:
                return new Identification(null, Verdict.Retry(SettlementProblemTypes.PaymentIdentifierInProgress, "Payment in progress",
                    "A request with this payment id and payment is being answered; send it again shortly, and pay nothing new."));
            default:
                LogConflict(id);
                return new Identification(null, new Verdict(null, StatusCodes.Status409Conflict, SettlementProblemTypes.PaymentIdentifierConflict,
                    "Payment id already used", "This payment id was used for another payment (another payload, method or route); use a new id for a new payment.",
                    Challenge: false));
        }
    }

    /// <summary>Frees an id whose request paid nothing.</summary>
    public Task AbandonAsync(string id) => store.AbandonIdentifiedAsync(id, CancellationToken.None);

    /// <summary>Runs the endpoint for a payment that carried an id and remembers its answer (or, when the endpoint failed or its
    /// answer is too large to keep, that a resend runs it again, paid by the same transaction).</summary>
    public async Task<object?> RunAndRememberAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, PaidRequest paid, string id)
    {
        var http = context.HttpContext;
        var original = http.Response.Body;
        var copy = new CopyingStream(original, options.MaxRememberedAnswerBytes);
        http.Response.Body = copy;
        byte[]? body = null;
        try
        {
            var value = await next(context).ConfigureAwait(false);
            await AsResult(value).ExecuteAsync(http).ConfigureAwait(false);
            await copy.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            body = copy.Copy;
            return Results.Empty;
        }
        finally
        {
            http.Response.Body = original;
            await store.CompleteIdentifiedAsync(id, new RememberedAnswer(http.Response.StatusCode, http.Response.ContentType, body, paid.Protocol,
                paid.TransactionHash, paid.Payer), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a remembered answer again, with the receipt of its settlement on a 2xx.</summary>
    public async Task WriteAsync(HttpContext http, RememberedAnswer answer)
    {
        var response = http.Response;
        response.StatusCode = answer.Status;
        response.Headers.CacheControl = "private";
        if (answer.ContentType is { } contentType)
            response.ContentType = contentType;
        if (answer.Status is >= 200 and <= 299)
        {
            response.Headers[X402HeaderNames.PaymentResponse] =
                new X402SettleResponse(true, answer.TransactionHash, X402Networks.ToCaip2(options.ChainId), answer.Payer).Format();
        }

        await response.Body.WriteAsync(answer.Body, http.RequestAborted).ConfigureAwait(false);
    }

    // The payment (its canonical JSON), the method, the route and the query: an id answers one payment of one request.
    private static string Fingerprint(HttpRequest request, string header)
    {
        var payment = JsonCanonicalizer.Canonicalize(Convert.FromBase64String(header.Trim(' ', '\t')));
        var route = Encoding.UTF8.GetBytes($"{request.Method}\n{request.PathBase}{request.Path}{request.QueryString}\n");
        return Convert.ToHexStringLower(SHA256.HashData([.. route, .. payment]));
    }

    internal static IResult AsResult(object? value) => value switch
    {
        IResult result => result,
        null => Results.Empty,
        string text => Results.Text(text),
        _ => Results.Json(value),
    };

    private async Task ForgetOldAnswersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = Interlocked.Read(ref _nextForget);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextForget, (now + ForgetEvery).UtcTicks, next) != next)
            return;
        await store.ForgetIdentifiedAsync(now - options.PaymentIdentifierRetention, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment id {PaymentId} sent again: answered as the first time, charged nothing")]
    private partial void LogAnsweredAgain(string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment id {PaymentId} sent with another payment: refused")]
    private partial void LogConflict(string paymentId);

    /// <summary>Writes through to the response and keeps a copy of the first <c>limit</c> bytes; no copy when the body is longer.</summary>
    private sealed class CopyingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();
        private bool _overflowed;

        public byte[]? Copy => _overflowed ? null : _copy.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Keep(buffer);
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Keep(ReadOnlySpan<byte> buffer)
        {
            if (_overflowed)
                return;
            if (_copy.Length + buffer.Length > limit)
            {
                _overflowed = true;
                _copy.SetLength(0);
                return;
            }

            _copy.Write(buffer);
        }
    }
}

/// <summary>Where a request's x402 payment id stands: <paramref name="Id"/> begun (or none), a refusal, or the remembered answer.</summary>
internal sealed record Identification(string? Id, Verdict? Refusal = null, RememberedAnswer? Answer = null)
{
    public static Identification None { get; } = new((string?)null);
}
