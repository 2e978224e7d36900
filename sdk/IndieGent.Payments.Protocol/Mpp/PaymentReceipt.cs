using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>
/// The <c>Payment-Receipt</c> field (draft-httpauth-payment §5.3; evm receipt fields from
/// draft-evm-charge): base64url of JSON with <c>status</c> (always <c>"success"</c>), <c>method</c>,
/// <c>timestamp</c> and <c>reference</c>, plus <c>challengeId</c>, <c>chainId</c> and <c>externalId</c>
/// when known. Written in JCS form; unknown members are ignored when reading.
/// </summary>
public sealed record PaymentReceipt
{
    /// <summary>The only status a receipt may carry.</summary>
    public const string SuccessStatus = "success";

    private PaymentReceipt(string method, string reference, string timestamp, DateTimeOffset timestampAt, string? challengeId, long? chainId, string? externalId)
    {
        Method = method;
        Reference = reference;
        Timestamp = timestamp;
        TimestampAt = timestampAt;
        ChallengeId = challengeId;
        ChainId = chainId;
        ExternalId = externalId;
    }

    /// <summary>Always <c>"success"</c>: failures are 402 problem responses, never receipts.</summary>
    public string Status => SuccessStatus;

    /// <summary>The payment method used.</summary>
    public string Method { get; }

    /// <summary>The method-specific reference; for <c>evm</c> the transaction hash.</summary>
    public string Reference { get; }

    /// <summary>The settlement time verbatim (RFC 3339).</summary>
    public string Timestamp { get; }

    /// <summary>The parsed <see cref="Timestamp"/>.</summary>
    public DateTimeOffset TimestampAt { get; }

    /// <summary>The id of the challenge that was paid.</summary>
    public string? ChallengeId { get; }

    /// <summary>The chain the payment settled on.</summary>
    public long? ChainId { get; }

    /// <summary>The merchant reference echoed from the request.</summary>
    public string? ExternalId { get; }

    /// <summary>Creates a receipt.</summary>
    /// <param name="method">The payment method.</param>
    /// <param name="reference">The transaction hash or other reference.</param>
    /// <param name="timestamp">The settlement time.</param>
    /// <param name="challengeId">The paid challenge's id.</param>
    /// <param name="chainId">The settlement chain.</param>
    /// <param name="externalId">The merchant reference.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the chain id is outside [1, 2^53 − 1].</exception>
    public static PaymentReceipt Create(string method, string reference, DateTimeOffset timestamp, string? challengeId = null, long? chainId = null, string? externalId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (chainId is < 1 or > Evm.EvmMethodDetails.MaxChainId)
            throw new ArgumentOutOfRangeException(nameof(chainId), "The chain id must be in [1, 2^53 − 1].");
        foreach (var (value, name) in new[] { (method, "method"), (reference, "reference"), (challengeId, "challengeId"), (externalId, "externalId") })
        {
            if (value is not null && !Utf16Text.IsWellFormed(value))
                throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, $"The member '{name}' holds an unpaired surrogate.", name);
        }

        return new PaymentReceipt(method, reference, Rfc3339.Format(timestamp), timestamp.ToUniversalTime(), challengeId, chainId, externalId);
    }

    /// <summary>Parses a <c>Payment-Receipt</c> field value.</summary>
    /// <param name="headerValue">Unpadded base64url JSON.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="PaymentProtocolException">When the value is not a valid receipt.</exception>
    public static PaymentReceipt Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var root = JsonInput.ParseBase64UrlObject(headerValue.Trim(' ', '\t'), "receipt");
        var status = JsonRead.RequiredString(root, "status");
        if (status != SuccessStatus)
            throw JsonRead.Invalid("status", "must be \"success\"");
        var method = JsonRead.RequiredString(root, "method");
        var reference = JsonRead.RequiredString(root, "reference");
        var timestamp = JsonRead.RequiredString(root, "timestamp");
        return new PaymentReceipt(
            method,
            reference,
            timestamp,
            Rfc3339.Parse(timestamp, "timestamp"),
            JsonRead.OptionalString(root, "challengeId"),
            JsonRead.OptionalInt64(root, "chainId", 1, Evm.EvmMethodDetails.MaxChainId),
            JsonRead.OptionalString(root, "externalId"));
    }

    /// <summary>The <c>Payment-Receipt</c> field value: base64url of the JCS JSON.</summary>
    /// <returns>Unpadded base64url.</returns>
    public string Format()
    {
        var json = PaymentJson.Write(writer =>
        {
            // Members in JCS order, so the output is canonical without a second pass.
            writer.WriteStartObject();
            if (ChainId is { } chainId)
                writer.WriteNumber("chainId", chainId);
            if (ChallengeId is not null)
                writer.WriteString("challengeId", ChallengeId);
            if (ExternalId is not null)
                writer.WriteString("externalId", ExternalId);
            writer.WriteString("method", Method);
            writer.WriteString("reference", Reference);
            writer.WriteString("status", Status);
            writer.WriteString("timestamp", Timestamp);
            writer.WriteEndObject();
        });
        return Base64Url.Encode(JsonCanonicalizer.Canonicalize(json));
    }
}
