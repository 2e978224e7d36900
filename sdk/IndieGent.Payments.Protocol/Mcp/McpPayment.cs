using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Mcp;

/// <summary>
/// MPP over MCP and JSON-RPC (draft-payment-transport-mcp): a paid call fails with error <see cref="PaymentRequiredCode"/>
/// whose <c>data.challenges</c> are challenge objects (the <c>request</c> a JSON object, not base64url); the caller repeats
/// it with the credential object in <c>_meta["org.paymentauth/credential"]</c>, and the result carries the receipt object in
/// <c>_meta["org.paymentauth/receipt"]</c>. The objects map one to one onto <see cref="PaymentChallenge"/>,
/// <see cref="PaymentCredential"/> and <see cref="PaymentReceipt"/>: the same HMAC id binding (over the JCS request), the
/// same payloads.
/// </summary>
public static class McpPayment
{
    /// <summary>The JSON-RPC error of a call that needs payment.</summary>
    public const int PaymentRequiredCode = -32042;

    /// <summary>The JSON-RPC error of a credential that did not verify (fresh challenges with it).</summary>
    public const int VerificationFailedCode = -32043;

    /// <summary>The <c>_meta</c> key of the credential.</summary>
    public const string CredentialMetaKey = "org.paymentauth/credential";

    /// <summary>The <c>_meta</c> key of the receipt.</summary>
    public const string ReceiptMetaKey = "org.paymentauth/receipt";

    /// <summary>The challenge object of the JSON-RPC transport.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <returns><c>{id, realm, method, intent, request: {…}, expires?, description?, digest?, opaque?}</c>.</returns>
    public static JsonElement ToJson(PaymentChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return Element(writer => WriteChallenge(writer, challenge));
    }

    /// <summary>Reads a challenge object of the JSON-RPC transport.</summary>
    /// <param name="challenge">The object.</param>
    /// <returns>The challenge (its <c>request</c> in the base64url wire form the id binds).</returns>
    /// <exception cref="PaymentProtocolException">When a member is missing or invalid.</exception>
    public static PaymentChallenge ChallengeFromJson(JsonElement challenge)
    {
        if (challenge.ValueKind != JsonValueKind.Object)
            throw JsonRead.Invalid("challenge", "must be an object");
        challenge = JsonInput.Reparse(challenge, "challenge");
        var request = JsonRead.RequiredObject(challenge, "request");
        return PaymentChallenge.FromFields(
            JsonRead.RequiredString(challenge, "id"),
            JsonRead.RequiredString(challenge, "realm"),
            JsonRead.RequiredString(challenge, "method"),
            JsonRead.RequiredString(challenge, "intent"),
            PaymentChallenge.EncodeRequest(Encoding.UTF8.GetBytes(request.GetRawText())),
            JsonRead.OptionalString(challenge, "expires"),
            JsonRead.OptionalString(challenge, "digest"),
            JsonRead.OptionalString(challenge, "description"),
            PaymentCredential.EchoedOpaque(challenge),
            null);
    }

    /// <summary>The credential object for <c>_meta["org.paymentauth/credential"]</c>.</summary>
    /// <param name="credential">The credential.</param>
    /// <returns><c>{challenge: {…}, payload: {…}, source?}</c>.</returns>
    public static JsonElement ToJson(PaymentCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Element(writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("challenge");
            WriteChallenge(writer, credential.Challenge);
            writer.WritePropertyName("payload");
            credential.Payload.WriteTo(writer);
            if (credential.Source is { } source)
                writer.WriteString("source", source);
            writer.WriteEndObject();
        });
    }

    /// <summary>Reads the credential object of <c>_meta["org.paymentauth/credential"]</c>.</summary>
    /// <param name="credential">The object.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="PaymentProtocolException">When a member is missing or invalid.</exception>
    public static PaymentCredential CredentialFromJson(JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object)
            throw JsonRead.Invalid("credential", "must be an object");
        credential = JsonInput.Reparse(credential, "credential");
        return new PaymentCredential(ChallengeFromJson(JsonRead.RequiredObject(credential, "challenge")),
            JsonRead.RequiredObject(credential, "payload").Clone(), JsonRead.OptionalString(credential, "source"));
    }

    /// <summary>The receipt object for <c>_meta["org.paymentauth/receipt"]</c>.</summary>
    /// <param name="receipt">The receipt.</param>
    /// <returns><c>{status, method, timestamp, challengeId?, reference, chainId?}</c>.</returns>
    public static JsonElement ToJson(PaymentReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return JsonInput.Parse(Base64Url.Decode(receipt.Format()), "receipt");
    }

    /// <summary>Reads the receipt object of <c>_meta["org.paymentauth/receipt"]</c>.</summary>
    /// <param name="receipt">The object.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="PaymentProtocolException">When a member is missing or invalid.</exception>
    public static PaymentReceipt ReceiptFromJson(JsonElement receipt)
    {
        if (receipt.ValueKind != JsonValueKind.Object)
            throw JsonRead.Invalid("receipt", "must be an object");
        return PaymentReceipt.Parse(Base64Url.Encode(Encoding.UTF8.GetBytes(receipt.GetRawText())));
    }

    /// <summary>The <c>data</c> of a <see cref="PaymentRequiredCode"/> (or <see cref="VerificationFailedCode"/>) error.</summary>
    /// <param name="challenges">The challenges to pay.</param>
    /// <param name="problem">An RFC 9457 problem describing why, if any.</param>
    /// <returns><c>{httpStatus: 402, challenges: [...], problem?}</c>.</returns>
    public static JsonElement PaymentRequiredData(IEnumerable<PaymentChallenge> challenges, JsonElement? problem = null)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        return Element(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("httpStatus", 402);
            writer.WriteStartArray("challenges");
            foreach (var challenge in challenges)
                WriteChallenge(writer, challenge);
            writer.WriteEndArray();
            if (problem is { } details)
            {
                writer.WritePropertyName("problem");
                details.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>The challenges of an error's <c>data</c>; the ones that cannot be read are in <paramref name="errors"/>.</summary>
    /// <param name="data">The error's data.</param>
    /// <param name="errors">Why each unreadable challenge could not be read.</param>
    /// <returns>The readable challenges, in order.</returns>
    public static IReadOnlyList<PaymentChallenge> ChallengesFromData(JsonElement data, out IReadOnlyList<PaymentProtocolException> errors)
    {
        var read = new List<PaymentChallenge>();
        var failed = new List<PaymentProtocolException>();
        errors = failed;
        JsonElement challenges;
        try
        {
            // Held to the wire's rules first (no repeated member, no escaped lone surrogate), like every other input.
            if (data.ValueKind != JsonValueKind.Object)
                throw JsonRead.Invalid("data", "must be an object");
            challenges = JsonRead.OptionalArray(JsonInput.Reparse(data, "data"), "challenges") ?? throw JsonRead.Missing("challenges");
        }
        catch (PaymentProtocolException e)
        {
            failed.Add(e);
            return read;
        }

        foreach (var challenge in challenges.EnumerateArray())
        {
            try
            {
                read.Add(ChallengeFromJson(challenge));
            }
            catch (PaymentProtocolException e)
            {
                failed.Add(e);
            }
        }

        return read;
    }

    private static void WriteChallenge(Utf8JsonWriter writer, PaymentChallenge challenge)
    {
        writer.WriteStartObject();
        writer.WriteString("id", challenge.Id);
        writer.WriteString("realm", challenge.Realm);
        writer.WriteString("method", challenge.Method);
        writer.WriteString("intent", challenge.Intent);
        writer.WritePropertyName("request");
        challenge.RequestJson.WriteTo(writer);
        if (challenge.Expires is { } expires)
            writer.WriteString("expires", expires);
        if (challenge.Description is { } description)
            writer.WriteString("description", description);
        if (challenge.Digest is { } digest)
            writer.WriteString("digest", digest);
        if (challenge.Opaque is { } opaque)
            writer.WriteString("opaque", opaque);
        writer.WriteEndObject();
    }

    private static JsonElement Element(Action<Utf8JsonWriter> write) => JsonInput.Parse(PaymentJson.Write(write), null);
}
