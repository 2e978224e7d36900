using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Sdk;

/// <summary>
/// A payment the SDK made for a request, with the server's receipt. Read it from the final response
/// with <see cref="PaymentResponseExtensions.GetPayment"/>.
/// </summary>
/// <param name="Proof">What was paid and sent.</param>
/// <param name="Receipt">The MPP <c>Payment-Receipt</c>, when the server sent a valid one.</param>
/// <param name="SettleResponse">The x402 <c>PAYMENT-RESPONSE</c>, when the server sent a valid one.</param>
/// <param name="LegacyReceipt">The older dialect's receipt, when the server sent a valid one.</param>
public sealed record PaymentOutcome(
    PaymentProof Proof,
    PaymentReceipt? Receipt,
    X402SettleResponse? SettleResponse,
    LegacyPaymentReceipt? LegacyReceipt)
{
    /// <summary>The settlement reference (the transaction hash) the server reported, if any.</summary>
    public string? Reference => Receipt?.Reference ?? SettleResponse?.Transaction ?? LegacyReceipt?.TransactionHash.ToString() ?? Proof.TransactionHash;

    internal static PaymentOutcome Read(PaymentProof proof, HttpResponseMessage response)
    {
        PaymentReceipt? receipt = null;
        X402SettleResponse? settle = null;
        LegacyPaymentReceipt? legacy = null;
        if (Header(response, PaymentHeaderNames.PaymentReceipt) is { } value)
        {
            receipt = Try(() => PaymentReceipt.Parse(value));
            legacy = receipt is null ? Try(() => LegacyPaymentReceipt.Parse(value)) : null;
        }

        if ((Header(response, X402HeaderNames.PaymentResponse) ?? Header(response, X402HeaderNames.V1PaymentResponse)) is { } settled)
            settle = Try(() => X402SettleResponse.Parse(settled));
        return new PaymentOutcome(proof, receipt, settle, legacy);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // A receipt the SDK cannot read does not undo a paid, answered request.
    private static T? Try<T>(Func<T> parse) where T : class
    {
        try
        {
            return parse();
        }
        catch (PaymentProtocolException)
        {
            return null;
        }
    }
}

/// <summary>Reads what the SDK paid for a response.</summary>
public static class PaymentResponseExtensions
{
    internal static readonly HttpRequestOptionsKey<PaymentOutcome> OutcomeKey = new("IndieGent.Payment");

    /// <summary>The payment made for this response's request, or <see langword="null"/> when none was needed.</summary>
    /// <param name="response">A response from an <see cref="HttpClient"/> with the payment handler.</param>
    /// <returns>The payment and its receipt.</returns>
    public static PaymentOutcome? GetPayment(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage?.Options.TryGetValue(OutcomeKey, out var outcome) == true ? outcome : null;
    }
}
