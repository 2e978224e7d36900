using System.Text;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// <c>challengeHash = keccak256(abi.encodePacked(challenge.id, challenge.realm))</c>: the UTF-8 bytes of
/// id and realm concatenated. It is the EIP-3009 nonce of an <c>authorization</c> credential and the
/// Permit2 witness, binding the signature to one challenge instance.
/// </summary>
public static class EvmChallengeHash
{
    /// <summary>Computes the hash for an id and realm.</summary>
    /// <param name="id">The challenge id.</param>
    /// <param name="realm">The challenge realm.</param>
    /// <returns>The 32-byte hash.</returns>
    public static Bytes32 Compute(string id, string realm)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(realm);
        return Bytes32.FromBytes(Keccak256.Hash(Encoding.UTF8.GetBytes(id + realm)));
    }

    /// <summary>Computes the hash for a challenge.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <returns>The 32-byte hash.</returns>
    public static Bytes32 Compute(PaymentChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return Compute(challenge.Id, challenge.Realm);
    }
}
