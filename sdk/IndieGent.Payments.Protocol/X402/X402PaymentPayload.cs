using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>
/// The v2 <c>PAYMENT-SIGNATURE</c>: padded base64 JSON
/// <c>{x402Version: 2, resource?, accepted, payload, extensions?}</c>, where <c>accepted</c> is the chosen
/// <c>accepts</c> entry echoed verbatim.
/// </summary>
public sealed record X402PaymentPayload
{
    private X402PaymentPayload(X402ResourceInfo? resource, X402PaymentRequirements accepted, JsonElement payload, JsonElement? extensions)
    {
        Resource = resource;
        Accepted = accepted;
        Payload = payload;
        Extensions = extensions;
    }

    /// <summary>Always 2.</summary>
    public int X402Version => 2;

    /// <summary>The resource being paid for.</summary>
    public X402ResourceInfo? Resource { get; }

    /// <summary>The chosen requirements, verbatim.</summary>
    public X402PaymentRequirements Accepted { get; }

    /// <summary>The scheme-specific payload (for exact EVM see <see cref="X402ExactEvmPayload"/>).</summary>
    public JsonElement Payload { get; }

    /// <summary>Echoed extension data.</summary>
    public JsonElement? Extensions { get; }

    /// <summary>Answers an offer: echoes the resource, the chosen entry and the extensions.</summary>
    /// <param name="required">The offer.</param>
    /// <param name="accepted">The entry chosen from <see cref="X402PaymentRequired.Accepts"/>.</param>
    /// <param name="payload">The signed payload.</param>
    /// <param name="paymentId">The payment's idempotency id, echoed in the <c>payment-identifier</c> extension when the offer declares
    /// it (see <see cref="X402PaymentIdentifier"/>); ignored otherwise.</param>
    /// <returns>The payment payload.</returns>
    /// <exception cref="ArgumentException">When <paramref name="accepted"/> is not one of the offer's entries or the offer is not v2, or
    /// <paramref name="paymentId"/> is not a valid id.</exception>
    public static X402PaymentPayload Create(X402PaymentRequired required, X402PaymentRequirements accepted, X402ExactEvmPayload payload,
        string? paymentId = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Create(required, accepted, payload.ToJsonElement(), paymentId);
    }

    /// <summary>Answers an offer with a payment through Permit2 (<c>upto</c>, or <c>exact</c> by Permit2).</summary>
    /// <param name="required">The offer.</param>
    /// <param name="accepted">The entry chosen from <see cref="X402PaymentRequired.Accepts"/>.</param>
    /// <param name="payload">The signed permit.</param>
    /// <param name="paymentId">The payment's idempotency id (see the other overload).</param>
    /// <returns>The payment payload.</returns>
    /// <exception cref="ArgumentException">When <paramref name="accepted"/> is not one of the offer's entries or the offer is not v2.</exception>
    public static X402PaymentPayload Create(X402PaymentRequired required, X402PaymentRequirements accepted, X402Permit2Payload payload,
        string? paymentId = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Create(required, accepted, payload.ToJsonElement(), paymentId);
    }

    private static X402PaymentPayload Create(X402PaymentRequired required, X402PaymentRequirements accepted, JsonElement payload, string? paymentId)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(accepted);
        if (required.X402Version != 2 || !required.Accepts.Contains(accepted))
            throw new ArgumentException("The accepted entry must come from this v2 offer.", nameof(accepted));
        var extensions = paymentId is null ? required.Extensions : X402PaymentIdentifier.WithId(required.Extensions, paymentId);
        return new X402PaymentPayload(required.Resource, accepted, payload, extensions);
    }

    /// <summary>Parses a <c>PAYMENT-SIGNATURE</c> field value.</summary>
    /// <param name="headerValue">Padded standard base64 JSON.</param>
    /// <returns>The payment payload.</returns>
    /// <exception cref="PaymentProtocolException">When the value is not a valid v2 PaymentPayload.</exception>
    public static X402PaymentPayload Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var root = JsonInput.ParseBase64Object(headerValue.Trim(' ', '\t'), "PAYMENT-SIGNATURE");
        if (JsonRead.RequiredInt64(root, "x402Version", 0, int.MaxValue) != 2)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsupportedVersion, "PAYMENT-SIGNATURE must carry x402Version 2.", "x402Version");
        return new X402PaymentPayload(
            JsonRead.OptionalObject(root, "resource") is { } resource ? X402ResourceInfo.Read(resource) : null,
            X402PaymentRequirements.Read(JsonRead.RequiredObject(root, "accepted"), 2),
            JsonRead.RequiredObject(root, "payload").Clone(),
            JsonRead.OptionalObject(root, "extensions")?.Clone());
    }

    /// <summary>The <c>PAYMENT-SIGNATURE</c> field value.</summary>
    /// <returns>Padded standard base64 JSON.</returns>
    public string Format()
    {
        var json = PaymentJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("x402Version", 2);
            if (Resource is not null)
            {
                writer.WritePropertyName("resource");
                Resource.WriteTo(writer);
            }

            writer.WritePropertyName("accepted");
            Accepted.Json.WriteTo(writer);
            writer.WritePropertyName("payload");
            Payload.WriteTo(writer);
            if (Extensions is { } extensions)
            {
                writer.WritePropertyName("extensions");
                extensions.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
        return StandardBase64.Encode(json);
    }

    /// <summary>Compares all members by value.</summary>
    /// <param name="other">The other payload.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(X402PaymentPayload? other) =>
        other is not null && Equals(Resource, other.Resource) && Accepted.Equals(other.Accepted) && JsonElement.DeepEquals(Payload, other.Payload)
        && (Extensions is null ? other.Extensions is null : other.Extensions is { } e && JsonElement.DeepEquals(Extensions.Value, e));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Resource, Accepted);

    /// <summary>A log-safe summary: the payload is a bearer authorization and is never printed.</summary>
    /// <returns>The scheme and network.</returns>
    public override string ToString() => $"x402 payment ({Accepted.Scheme} on {Accepted.Network})";
}
