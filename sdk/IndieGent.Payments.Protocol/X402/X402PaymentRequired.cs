using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>
/// The 402 offer: v2 <c>PAYMENT-REQUIRED</c> (padded base64 JSON
/// <c>{x402Version: 2, error?, resource, accepts, extensions?}</c>) or the v1 JSON response body
/// (<c>{x402Version: 1, error, accepts}</c> with per-entry <c>resource</c>).
/// </summary>
public sealed record X402PaymentRequired
{
    private X402PaymentRequired(int version, string? error, X402ResourceInfo? resource, IReadOnlyList<X402PaymentRequirements> accepts, JsonElement? extensions)
    {
        X402Version = version;
        Error = error;
        Resource = resource;
        Accepts = accepts;
        Extensions = extensions;
    }

    /// <summary>1 or 2.</summary>
    public int X402Version { get; }

    /// <summary>Why payment is required.</summary>
    public string? Error { get; }

    /// <summary>The protected resource (v2).</summary>
    public X402ResourceInfo? Resource { get; }

    /// <summary>Acceptable payments in server order.</summary>
    public IReadOnlyList<X402PaymentRequirements> Accepts { get; }

    /// <summary>Extension data the client must echo (v2).</summary>
    public JsonElement? Extensions { get; }

    /// <summary>Creates a v2 offer.</summary>
    /// <param name="resource">The protected resource.</param>
    /// <param name="accepts">Acceptable payments, in preference order.</param>
    /// <param name="error">Why payment is required.</param>
    /// <param name="extensions">Extensions the server declares (an object keyed by extension name), if any.</param>
    /// <returns>The offer.</returns>
    /// <exception cref="ArgumentException">When <paramref name="extensions"/> is not a JSON object.</exception>
    public static X402PaymentRequired Create(X402ResourceInfo resource, IReadOnlyList<X402PaymentRequirements> accepts, string? error = null,
        JsonElement? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(accepts);
        if (extensions is { ValueKind: not JsonValueKind.Object })
            throw new ArgumentException("Extensions are a JSON object keyed by extension name.", nameof(extensions));
        return new X402PaymentRequired(2, error, resource, accepts.ToArray(), extensions?.Clone());
    }

    /// <summary>
    /// This v2 offer reduced to the one entry a payer chose, with its resource, error and extensions:
    /// the terms a payer records and answers later (its <see cref="X402PaymentPayload"/> echoes them).
    /// </summary>
    /// <param name="accepted">One of <see cref="Accepts"/>.</param>
    /// <returns>The offer with <paramref name="accepted"/> as its only entry.</returns>
    /// <exception cref="ArgumentException">When <paramref name="accepted"/> is not one of the entries or the offer is not v2.</exception>
    public X402PaymentRequired Narrow(X402PaymentRequirements accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (X402Version != 2 || !Accepts.Contains(accepted))
            throw new ArgumentException("The entry must come from this v2 offer.", nameof(accepted));
        return new X402PaymentRequired(2, Error, Resource, [accepted], Extensions);
    }

    /// <summary>Parses a v2 <c>PAYMENT-REQUIRED</c> field value.</summary>
    /// <param name="headerValue">Padded standard base64 JSON.</param>
    /// <returns>The offer.</returns>
    /// <exception cref="PaymentProtocolException">When the value is not a valid v2 PaymentRequired.</exception>
    public static X402PaymentRequired Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var root = JsonInput.ParseBase64Object(headerValue.Trim(' ', '\t'), "PAYMENT-REQUIRED");
        if (JsonRead.RequiredInt64(root, "x402Version", 0, int.MaxValue) != 2)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsupportedVersion, "PAYMENT-REQUIRED must carry x402Version 2.", "x402Version");
        return new X402PaymentRequired(
            2,
            JsonRead.OptionalString(root, "error"),
            X402ResourceInfo.Read(JsonRead.RequiredObject(root, "resource")),
            ReadAccepts(root, 2),
            JsonRead.OptionalObject(root, "extensions")?.Clone());
    }

    /// <summary>Parses a v1 402 response body.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The offer.</returns>
    /// <exception cref="PaymentProtocolException">When the body is not a valid v1 PaymentRequirementsResponse.</exception>
    public static X402PaymentRequired ParseV1Body(ReadOnlySpan<byte> utf8Json)
    {
        var root = JsonInput.ParseObject(utf8Json, "body");
        if (JsonRead.RequiredInt64(root, "x402Version", 0, int.MaxValue) != 1)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsupportedVersion, "The 402 body must carry x402Version 1.", "x402Version");
        return new X402PaymentRequired(1, JsonRead.OptionalString(root, "error"), null, ReadAccepts(root, 1), null);
    }

    /// <summary>The v2 <c>PAYMENT-REQUIRED</c> field value.</summary>
    /// <returns>Padded standard base64 JSON.</returns>
    /// <exception cref="InvalidOperationException">When this is a v1 offer (v1 travels in the body).</exception>
    public string Format()
    {
        if (X402Version != 2 || Resource is null)
            throw new InvalidOperationException("Only x402 v2 offers travel in PAYMENT-REQUIRED.");
        var json = PaymentJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("x402Version", 2);
            if (Error is not null)
                writer.WriteString("error", Error);
            writer.WritePropertyName("resource");
            Resource.WriteTo(writer);
            writer.WriteStartArray("accepts");
            foreach (var entry in Accepts)
                entry.Json.WriteTo(writer);
            writer.WriteEndArray();
            if (Extensions is { } extensions)
            {
                writer.WritePropertyName("extensions");
                extensions.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
        return StandardBase64.Encode(json);
    }

    /// <summary>Compares version, error, resource and entries.</summary>
    /// <param name="other">The other offer.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(X402PaymentRequired? other) =>
        other is not null && X402Version == other.X402Version && Error == other.Error && Equals(Resource, other.Resource)
        && Accepts.SequenceEqual(other.Accepts)
        && (Extensions is null ? other.Extensions is null : other.Extensions is { } e && JsonElement.DeepEquals(Extensions.Value, e));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(X402Version, Error, Resource, Accepts.Count);

    private static X402PaymentRequirements[] ReadAccepts(JsonElement root, int version)
    {
        var accepts = JsonRead.OptionalArray(root, "accepts") ?? throw JsonRead.Missing("accepts");
        var result = new List<X402PaymentRequirements>();
        foreach (var entry in accepts.EnumerateArray())
            result.Add(X402PaymentRequirements.Read(entry, version));
        return result.ToArray();
    }
}
