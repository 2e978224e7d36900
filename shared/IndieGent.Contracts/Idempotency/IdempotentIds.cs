using System.Security.Cryptography;
using System.Text;

namespace IndieGent.Contracts.Idempotency;

/// <summary>
/// The id of what a request creates, derived from its owner and its Idempotency-Key (a name-based
/// UUID, version 8 layout over SHA-256): every retry of a request names the same payment (or
/// on-ramp order, or transfer), whichever instance receives it.
/// </summary>
public static class IdempotentIds
{
    public const string Header = "Idempotency-Key";

    public static Guid From(Guid ownerId, string idempotencyKey)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(idempotencyKey.Length)];
        ownerId.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(idempotencyKey, input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>1–255 visible ASCII characters, as the IETF Idempotency-Key draft recommends.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= 255 } && key.All(c => c is >= '!' and <= '~');
}
