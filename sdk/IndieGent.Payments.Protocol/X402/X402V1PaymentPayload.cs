using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>The v1 <c>X-PAYMENT</c>: padded base64 JSON <c>{x402Version: 1, scheme, network, payload}</c>.</summary>
public sealed record X402V1PaymentPayload
{
    private X402V1PaymentPayload(string scheme, string network, JsonElement payload)
    {
        Scheme = scheme;
        Network = network;
        Payload = payload;
    }

    /// <summary>Always 1.</summary>
    public int X402Version => 1;

    /// <summary>The scheme, for example <c>exact</c>.</summary>
    public string Scheme { get; }

    /// <summary>The network name, for example <c>base-sepolia</c>.</summary>
    public string Network { get; }

    /// <summary>The scheme-specific payload.</summary>
    public JsonElement Payload { get; }

    /// <summary>Answers a v1 entry.</summary>
    /// <param name="accepted">The entry chosen from a v1 offer.</param>
    /// <param name="payload">The signed payload.</param>
    /// <returns>The payment payload.</returns>
    public static X402V1PaymentPayload Create(X402PaymentRequirements accepted, X402ExactEvmPayload payload)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(payload);
        return new X402V1PaymentPayload(accepted.Scheme, accepted.Network, payload.ToJsonElement());
    }

    /// <summary>Parses an <c>X-PAYMENT</c> field value.</summary>
    /// <param name="headerValue">Padded standard base64 JSON.</param>
    /// <returns>The payment payload.</returns>
    /// <exception cref="PaymentProtocolException">When the value is not a valid v1 PaymentPayload.</exception>
    public static X402V1PaymentPayload Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var root = JsonInput.ParseBase64Object(headerValue.Trim(' ', '\t'), "X-PAYMENT");
        if (JsonRead.RequiredInt64(root, "x402Version", 0, int.MaxValue) != 1)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsupportedVersion, "X-PAYMENT must carry x402Version 1.", "x402Version");
        return new X402V1PaymentPayload(
            JsonRead.RequiredString(root, "scheme"),
            JsonRead.RequiredString(root, "network"),
            JsonRead.RequiredObject(root, "payload").Clone());
    }

    /// <summary>The <c>X-PAYMENT</c> field value.</summary>
    /// <returns>Padded standard base64 JSON.</returns>
    public string Format() => StandardBase64.Encode(PaymentJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("x402Version", 1);
        writer.WriteString("scheme", Scheme);
        writer.WriteString("network", Network);
        writer.WritePropertyName("payload");
        Payload.WriteTo(writer);
        writer.WriteEndObject();
    }));

    /// <summary>Compares all members by value.</summary>
    /// <param name="other">The other payload.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(X402V1PaymentPayload? other) =>
        other is not null && Scheme == other.Scheme && Network == other.Network && JsonElement.DeepEquals(Payload, other.Payload);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Scheme, Network);

    /// <summary>A log-safe summary.</summary>
    /// <returns>The scheme and network.</returns>
    public override string ToString() => $"x402 v1 payment ({Scheme} on {Network})";
}
