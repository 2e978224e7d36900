using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Contracts.Payments;

namespace IndieGent.ServiceDefaults.Tickets;

/// <summary>
/// Signs and verifies <see cref="ApprovalTicket"/>s: <c>keyId.base64url(JSON).base64url(ECDSA P-256
/// signature over "keyId.payload")</c>. The Ledger holds the private key; the Wallet only public
/// keys, by id, so keys rotate by adding the new public key before the Ledger signs with it.
/// </summary>
public static class ApprovalTicketCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The signed text of <paramref name="ticket"/>.</summary>
    public static string Sign(ApprovalTicket ticket, string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrEmpty(keyId) || keyId.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException("A key id is a non-empty name without dots.", nameof(keyId));
        var signed = keyId + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(ticket, Json));
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signed + "." + Base64Url(signature);
    }

    /// <summary>
    /// The ticket <paramref name="text"/> carries, when one of <paramref name="keys"/> signed it;
    /// otherwise null and why. Expiry is the caller's to judge (a signature already made for the
    /// payment may be repeated after it).
    /// </summary>
    public static ApprovalTicket? Verify(string? text, IReadOnlyDictionary<string, ECDsa> keys, out string problem)
    {
        ArgumentNullException.ThrowIfNull(keys);
        problem = "";
        var parts = (text ?? "").Split('.');
        if (parts.Length != 3 || text!.Length > 4096)
        {
            problem = "The approval ticket is missing or not of the form keyId.payload.signature.";
            return null;
        }

        if (!keys.TryGetValue(parts[0], out var key))
        {
            problem = $"The approval ticket was signed with key '{Printable(parts[0])}', which this service does not trust.";
            return null;
        }

        if (FromBase64Url(parts[1]) is not { } payload || FromBase64Url(parts[2]) is not { } signature ||
            !key.VerifyData(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            problem = "The approval ticket's signature is not valid.";
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ApprovalTicket>(payload, Json) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            // Signed by our own key, yet unreadable: a bug, not an attack; refuse all the same.
            problem = "The approval ticket's content cannot be read.";
            return null;
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[]? FromBase64Url(string text)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Printable(string text) =>
        text.Length <= 40 && !text.AsSpan().ContainsAnyExceptInRange(' ', '~') ? text : "(unprintable)";
}
