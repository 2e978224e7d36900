using System.Security.Cryptography;
using NBitcoin.Secp256k1;
using Nethereum.Signer;
using Nethereum.Util;

namespace IndieGent.Chain;

/// <summary>
/// Recoverable secp256k1 signatures over a 32-byte hash with libsecp256k1's C# port (the library
/// Nethereum itself depends on): about a tenth of a millisecond, where Nethereum's default
/// BouncyCastle path takes several, and the signer's address derived just as fast. Signatures are
/// deterministic (RFC 6979) with low <c>s</c>, as Ethereum requires.
/// </summary>
internal static class Secp256k1Signer
{
    /// <summary>The signature (v = 27 + recovery id) and the address of the key that made it.</summary>
    public static (EvmSignature Signature, EvmAddress Signer) Sign(ReadOnlySpan<byte> hash, EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var raw = key.GetPrivateKeyAsBytes();
        Span<byte> secret = stackalloc byte[32];
        try
        {
            // A big-endian scalar the library may hand back shorter (leading zeros) or with a sign byte.
            var scalar = raw.AsSpan().TrimStart((byte)0);
            scalar.CopyTo(secret[(32 - scalar.Length)..]);
            if (!ECPrivKey.TryCreate(secret, out var privateKey) || privateKey is null)
                throw new ArgumentException("The key is not a valid secp256k1 private key.", nameof(key));
            using (privateKey)
            {
                Span<byte> publicKey = stackalloc byte[65];
                privateKey.CreatePubKey().WriteToSpan(compressed: false, publicKey, out _);
                var signer = EvmAddress.FromBytes(Sha3Keccack.Current.CalculateHash(publicKey[1..].ToArray()).AsSpan(12));
                if (!privateKey.TrySignRecoverable(hash, out var signature) || signature is null)
                    throw new CryptographicException("secp256k1 could not sign the hash.");
                Span<byte> rs = stackalloc byte[64];
                signature.WriteToSpanCompact(rs, out var recoveryId);
                return (EvmSignature.FromComponents((byte)(27 + recoveryId), rs[..32], rs[32..]), signer);
            }
        }
        finally
        {
            // Only our copy: the array the key hands out may be its own.
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
