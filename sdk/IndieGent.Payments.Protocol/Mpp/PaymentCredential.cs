using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Http;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>
/// The <c>Authorization: Payment &lt;base64url JSON&gt;</c> credential (draft-httpauth-payment §5.2):
/// the echoed <see cref="Challenge"/>, an optional payer <see cref="Source"/> (a DID, for EVM
/// <c>did:pkh:eip155:&lt;chainId&gt;:&lt;address&gt;</c>) and the method-specific <see cref="Payload"/>.
/// </summary>
public sealed record PaymentCredential
{
    /// <summary>Creates a credential.</summary>
    /// <param name="challenge">The challenge being answered, echoed verbatim.</param>
    /// <param name="payload">The method-specific proof; must be a JSON object the server's parser reads back (no repeated member name, no escaped lone surrogate).</param>
    /// <param name="source">The payer identifier, if disclosed.</param>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidJson"/> when the payload is not such an object.</exception>
    public PaymentCredential(PaymentChallenge challenge, JsonElement payload, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (source is not null && !Utf16Text.IsWellFormed(source))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The source holds an unpaired surrogate.", "source");
        Payload = JsonInput.ReparsePayload(payload);
        Challenge = challenge;
        Source = source;
    }

    /// <summary>The echoed challenge; its <see cref="PaymentChallenge.Request"/> is the original wire string.</summary>
    public PaymentChallenge Challenge { get; }

    /// <summary>The method-specific proof (for <c>evm</c>, see <c>EvmChargePayload</c>).</summary>
    public JsonElement Payload { get; }

    /// <summary>The payer identifier, if disclosed.</summary>
    public string? Source { get; }

    /// <summary>Parses an <c>Authorization</c> field value holding exactly one <c>Payment</c> credential.</summary>
    /// <param name="headerValue">The field value, for example <c>Payment eyJ…</c>.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="PaymentProtocolException">When there is no Payment credential, more than one, or it is malformed.</exception>
    public static PaymentCredential Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        string? token = null;
        var found = false;
        foreach (var credentials in AuthHeaderParser.Parse(headerValue))
        {
            if (!credentials.HasScheme(PaymentHeaderNames.Scheme))
                continue;
            if (found)
                throw new PaymentProtocolException(PaymentProtocolErrorCode.MultipleCredentials, "Exactly one Payment credential is allowed.");
            found = true;
            token = credentials.Token68;
        }

        if (!found)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.SchemeNotFound, "The header holds no Payment credential.");
        if (token is null)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.MalformedHeader, "The Payment credential must be a single base64url token.");
        return Decode(token);
    }

    /// <summary>Parses a credential without throwing.</summary>
    /// <param name="headerValue">The field value.</param>
    /// <param name="credential">The credential, when valid.</param>
    /// <param name="error">The reason, when not.</param>
    /// <returns><see langword="true"/> when the value holds one valid credential.</returns>
    public static bool TryParse(string headerValue, out PaymentCredential? credential, out PaymentProtocolException? error)
    {
        try
        {
            credential = Parse(headerValue);
            error = null;
            return true;
        }
        catch (PaymentProtocolException ex)
        {
            credential = null;
            error = ex;
            return false;
        }
    }

    /// <summary>Decodes the base64url token that follows the scheme.</summary>
    /// <param name="token">Unpadded base64url JSON.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="PaymentProtocolException">When the token is not base64url JSON of a credential.</exception>
    public static PaymentCredential Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var root = JsonInput.ParseBase64UrlObject(token, "credential");
        var echo = JsonRead.RequiredObject(root, "challenge");
        var payload = JsonRead.RequiredObject(root, "payload");
        var source = JsonRead.OptionalString(root, "source");
        var challenge = PaymentChallenge.FromFields(
            JsonRead.RequiredString(echo, "id"),
            JsonRead.RequiredString(echo, "realm"),
            JsonRead.RequiredString(echo, "method"),
            JsonRead.RequiredString(echo, "intent"),
            JsonRead.RequiredString(echo, "request"),
            JsonRead.OptionalString(echo, "expires"),
            JsonRead.OptionalString(echo, "digest"),
            JsonRead.OptionalString(echo, "description"),
            EchoedOpaque(echo),
            JsonRead.OptionalString(echo, "header"));
        return new PaymentCredential(challenge, payload, source);
    }

    /// <summary>The base64url token (without the scheme).</summary>
    /// <returns>Unpadded base64url JSON.</returns>
    public string Encode()
    {
        var json = PaymentJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("challenge");
            writer.WriteStartObject();
            writer.WriteString("id", Challenge.Id);
            writer.WriteString("realm", Challenge.Realm);
            writer.WriteString("method", Challenge.Method);
            writer.WriteString("intent", Challenge.Intent);
            writer.WriteString("request", Challenge.Request);
            WriteOptional(writer, "description", Challenge.Description);
            WriteOptional(writer, "digest", Challenge.Digest);
            WriteOptional(writer, "expires", Challenge.Expires);
            WriteOptional(writer, "opaque", Challenge.Opaque);
            WriteOptional(writer, "header", Challenge.CredentialHeader);
            writer.WriteEndObject();
            writer.WritePropertyName("payload");
            Payload.WriteTo(writer);
            WriteOptional(writer, "source", Source);
            writer.WriteEndObject();
        });
        return Base64Url.Encode(json);
    }

    /// <summary>The <c>Authorization</c> field value.</summary>
    /// <returns><c>Payment &lt;token&gt;</c>.</returns>
    public string Format() => PaymentHeaderNames.Scheme + " " + Encode();

    /// <summary>Compares challenge, source and payload (payload by JSON value, not text).</summary>
    /// <param name="other">The other credential.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(PaymentCredential? other) =>
        other is not null && Challenge.Equals(other.Challenge) && Source == other.Source && JsonElement.DeepEquals(Payload, other.Payload);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Challenge, Source);

    /// <summary>A log-safe summary: credentials are bearer secrets and are never printed.</summary>
    /// <returns>The challenge id only.</returns>
    public override string ToString() => $"Payment credential for challenge {Challenge.Id}";

    internal static string? EchoedOpaque(JsonElement echo)
    {
        if (!JsonRead.TryGet(echo, "opaque", out var opaque))
            return null;
        if (opaque.ValueKind == JsonValueKind.String)
            return JsonRead.StringValue(opaque, "opaque");
        if (opaque.ValueKind != JsonValueKind.Object)
            throw JsonRead.Invalid("opaque", "must be a string");

        // Older mppx clients echoed opaque as the expanded string map; re-encode it to the wire form.
        var map = new List<KeyValuePair<string, string>>();
        foreach (var property in opaque.EnumerateObject())
        {
            var name = JsonRead.StringValueOfName(property);
            map.Add(new(name, JsonRead.StringValue(property.Value, name)));
        }

        return PaymentChallenge.EncodeOpaque(map);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }
}
