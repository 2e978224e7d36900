using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Sdk;

/// <summary>
/// Pays 402s for any <see cref="HttpClient"/>: when a response is <c>402 Payment Required</c> with an MPP
/// challenge, an x402 <c>PAYMENT-REQUIRED</c> or the older dialect, it has the payer pay one offer and
/// sends the request once more with the credential. A second 402 is returned as it is; there is no loop.
/// </summary>
/// <remarks>
/// Request bodies are buffered once (up to <see cref="IndieGentPaymentOptions.MaxReplayableBodyBytes"/>)
/// so the retry sends the same bytes. A 402 that carries no payment offer is returned untouched.
/// </remarks>
public sealed class PaymentHandler : DelegatingHandler
{
    private readonly IPaymentPayer _payer;
    private readonly IndieGentPaymentOptions _options;
    private readonly PaymentOfferReader _reader;
    private readonly AcceptPayment? _preferences;

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> or add it to an HttpClient builder.</summary>
    /// <param name="payer">Who pays.</param>
    /// <param name="options">Limits and preferences.</param>
    public PaymentHandler(IPaymentPayer payer, IndieGentPaymentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(payer);
        _payer = payer;
        _options = options ?? new IndieGentPaymentOptions();
        _reader = new PaymentOfferReader(_options.Networks, _options.TimeProvider);
        _preferences = _options.AcceptPayment is { Length: > 0 } accept ? AcceptPayment.Parse(accept) : null;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.AcceptPayment is { Length: > 0 } accept && !request.Headers.Contains(PaymentHeaderNames.AcceptPayment))
            request.Headers.TryAddWithoutValidation(PaymentHeaderNames.AcceptPayment, accept);
        var replayable = await BufferBodyAsync(request, cancellationToken).ConfigureAwait(false);

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.PaymentRequired || CarriesCredential(request))
            return response;

        var required = await ReadAsync(request, response, cancellationToken).ConfigureAwait(false);
        if (required.Offers.Offers.Count == 0 && required.Offers.Errors.Count == 0)
            return response; // a 402 of some other kind: nothing to pay

        using var activity = SdkTelemetry.Source.StartActivity("payment", ActivityKind.Internal);
        activity?.SetTag("url.full", Redact(request.RequestUri!));
        PaymentProof proof;
        try
        {
            if (!replayable)
            {
                throw new PaymentException(PaymentFailureReasons.BodyNotReplayable,
                    $"The request body is a stream of more than {_options.MaxReplayableBodyBytes} bytes and was sent once; " +
                    "it cannot be sent again with the payment. Send a buffered body or raise MaxReplayableBodyBytes.");
            }

            proof = await _payer.PayAsync(required, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Reason);
            activity?.SetTag("payment.failure", e.Reason);
            response.Dispose();
            throw;
        }

        Describe(activity, proof);
        response.Dispose();
        foreach (var (name, value) in proof.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var retry = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var outcome = PaymentOutcome.Read(proof, retry);
        request.Options.Set(PaymentResponseExtensions.OutcomeKey, outcome);
        activity?.SetTag("http.response.status_code", (int)retry.StatusCode);
        activity?.SetTag("payment.reference", outcome.Reference);
        if (retry.StatusCode == HttpStatusCode.PaymentRequired)
            activity?.SetStatus(ActivityStatusCode.Error, "The server answered the paid retry with 402 again.");
        return retry;
    }

    private static bool CarriesCredential(HttpRequestMessage request) =>
        request.Headers.Authorization?.Scheme.Equals(PaymentHeaderNames.Scheme, StringComparison.OrdinalIgnoreCase) == true
        || request.Headers.Contains(PaymentHeaderNames.PaymentAuthorization)
        || request.Headers.Contains(X402HeaderNames.PaymentSignature)
        || request.Headers.Contains(X402HeaderNames.V1Payment);

    private async Task<bool> BufferBodyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not { } content)
            return true;
        if (content is ByteArrayContent) // also String-, FormUrlEncoded- and ReadOnlyMemoryContent: replayable as they are
            return true;
        if (content.Headers.ContentLength is { } length && length > _options.MaxReplayableBodyBytes)
            return false;
        try
        {
            await content.LoadIntoBufferAsync(_options.MaxReplayableBodyBytes, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException e)
        {
            throw new PaymentException(PaymentFailureReasons.BodyNotReplayable,
                $"The request body is larger than {_options.MaxReplayableBodyBytes} bytes; it cannot be buffered for a paid retry.", innerException: e);
        }
    }

    private async Task<PaymentRequired> ReadAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var wwwAuthenticate = response.Headers.TryGetValues(PaymentHeaderNames.WwwAuthenticate, out var values) ? values.ToArray() : [];
        var paymentRequired = response.Headers.TryGetValues(X402HeaderNames.PaymentRequired, out var x402) ? x402.FirstOrDefault() : null;
        byte[] v1Body = [];
        if (paymentRequired is null && wwwAuthenticate.Length == 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
            v1Body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        return new PaymentRequired
        {
            RequestUri = request.RequestUri!,
            Method = request.Method,
            WwwAuthenticate = wwwAuthenticate,
            PaymentRequiredHeader = paymentRequired,
            Offers = _reader.Read(wwwAuthenticate, paymentRequired, v1Body),
            MaxAmount = request.Options.TryGetValue(PaymentRequestOptions.MaxAmount, out var max) ? max : _options.MaxAmount,
            Preferences = _preferences,
        };
    }

    private static void Describe(Activity? activity, PaymentProof proof)
    {
        if (activity is null)
            return;
        activity.SetTag("payment.protocol", proof.Protocol.ToString());
        activity.SetTag("payment.credential_type", proof.CredentialType);
        if (proof.PaymentId is { } id)
            activity.SetTag("payment.id", id.ToString());
        if (proof.Offer is { } offer)
        {
            activity.SetTag("payment.amount", offer.Amount.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("payment.asset", offer.Asset.ToString());
            activity.SetTag("payment.chain_id", offer.ChainId);
            activity.SetTag("payment.recipient", offer.Recipient.ToString());
        }
    }

    // Query strings may carry secrets; the trace keeps scheme, host and path.
    private static string Redact(Uri uri) => uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.ToString();
}
