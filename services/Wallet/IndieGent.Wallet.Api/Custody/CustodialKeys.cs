using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Wallet.Custody;
using Nethereum.Signer;

namespace IndieGent.Wallet.Api.Custody;

/// <summary>Generates a custodial key inside the Wallet and seals it at once; the plaintext is zeroed before this returns.</summary>
public static class CustodialKeys
{
    private const int PrivateKeyBytes = 32;

    /// <summary>A new key for <paramref name="owner"/> (an agent, or a platform wallet): its address and its envelope under the active master key.</summary>
    public static (EvmAddress Address, AgentKeyEnvelope Envelope) Generate(MasterKeyRing keys, Guid owner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ecKey = EthECKey.GenerateKey();
        var address = EvmAddress.Parse(ecKey.GetPublicAddress());
        var raw = ecKey.GetPrivateKeyAsBytes();
        var privateKey = new byte[PrivateKeyBytes];
        try
        {
            // A big-endian scalar whose leading zero bytes the library may drop (or a sign byte it may add): right-align it.
            var scalar = raw.AsSpan().TrimStart((byte)0);
            scalar.CopyTo(privateKey.AsSpan(privateKey.Length - scalar.Length));
            return (address, keys.Seal(owner, address, privateKey, now));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            CryptographicOperations.ZeroMemory(raw);
        }
    }
}
