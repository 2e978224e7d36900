using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Custody;
using Nethereum.Signer;

namespace IndieGent.Wallet.Signing;

/// <summary>Opens the agent's key for exactly one signature and zeroes the plaintext afterwards.</summary>
public static class TransferSigner
{
    public static EvmSignature Sign(MasterKeyRing keys, Agent agent, AgentKeyEnvelope envelope, TransferSigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(agent);
        if (!SigningDecider.TryParse(request, out var authorization, out var token, out var problem))
            throw new ArgumentException(problem, nameof(request));

        var from = EvmAddress.Parse(agent.WalletAddress);
        var domain = new TokenDomain(request.TokenName, request.TokenVersion, request.ChainId, token);
        var privateKey = new byte[32];
        try
        {
            keys.Open(agent.Id, from, envelope, privateKey);
            // EthECKey keeps its own copy (a BigInteger) that cannot be wiped; it lives only for this call.
            var key = new EthECKey(privateKey, true);
            return Eip3009.SignTransferWithAuthorization(domain, authorization with { From = from }, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }
}
