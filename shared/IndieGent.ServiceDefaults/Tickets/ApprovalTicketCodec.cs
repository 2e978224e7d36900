using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Contracts.Payments;
using IndieGent.Payments.Protocol.Signing;

namespace IndieGent.ServiceDefaults.Tickets;

/// <summary>
/// Signs and verifies <see cref="ApprovalTicket"/>s as <see cref="Es256Envelope"/>s of their JSON.
/// The Ledger holds the private key; the Wallet only public keys, by id.
/// </summary>
public static class ApprovalTicketCodec
{
    private const int MaxLength = 4096;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The signed text of <paramref name="ticket"/>.</summary>
    public static string Sign(ApprovalTicket ticket, string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return Es256Envelope.Seal(JsonSerializer.SerializeToUtf8Bytes(ticket, Json), keyId, key);
    }

    /// <summary>
    /// The ticket <paramref name="text"/> carries, when one of <paramref name="keys"/> signed it;
    /// otherwise null and why. Expiry is the caller's to judge (a signature already made for the
    /// payment may be repeated after it).
    /// </summary>
    public static ApprovalTicket? Verify(string? text, IReadOnlyDictionary<string, ECDsa> keys, out string problem)
    {
        if (Es256Envelope.Open(text, keys, MaxLength, "approval ticket", out problem) is not { } payload)
            return null;
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
}
