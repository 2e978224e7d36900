using System.Security.Cryptography;
using System.Text;

namespace IndieGent.Ledger.Accounts;

/// <summary>
/// A top-up's id, derived from the agent and the payment whose reservation crossed the threshold
/// (a name-based UUID over SHA-256): deciding the same crossing again names the same top-up, and its
/// transfer (same id) is reserved once.
/// </summary>
public static class TopUpIds
{
    public static Guid For(Guid agentId, Guid paymentId)
    {
        Span<byte> input = stackalloc byte[48];
        Encoding.ASCII.GetBytes("top-up:auto:0000", input);
        agentId.TryWriteBytes(input[16..], bigEndian: true, out _);
        paymentId.TryWriteBytes(input[32..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
