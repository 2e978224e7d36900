using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Custody;
using Nethereum.Signer;

namespace IndieGent.Wallet.Signing;

/// <summary>Opens a custodial key (an agent's, or a platform wallet's) for exactly one signature and zeroes the plaintext afterwards.</summary>
public static class TransferSigner
{
    /// <summary>The EIP-3009 <c>TransferWithAuthorization</c> the request describes, from the agent's wallet.</summary>
    public static EvmSignature Sign(MasterKeyRing keys, Agent agent, AgentKeyEnvelope envelope, TransferSigningRequest request)
    {
        if (!SigningDecider.TryParse(request, out var authorization, out var token, out var problem))
            throw new ArgumentException(problem, nameof(request));
        var domain = new TokenDomain(request.TokenName, request.TokenVersion, request.ChainId, token);
        return WithKey(keys, agent, envelope,
            (key, from) => Eip3009.SignTransferWithAuthorization(domain, authorization with { From = from }, key));
    }

    /// <summary>The EIP-3009 <c>TransferWithAuthorization</c> the request describes, from the custodial wallet <paramref name="owner"/> at <paramref name="from"/> (an agent's or a treasury's).</summary>
    public static EvmSignature Sign(MasterKeyRing keys, Guid owner, EvmAddress from, AgentKeyEnvelope envelope, TransferSigningRequest request)
    {
        if (!SigningDecider.TryParse(request, out var authorization, out var token, out var problem))
            throw new ArgumentException(problem, nameof(request));
        var domain = new TokenDomain(request.TokenName, request.TokenVersion, request.ChainId, token);
        return WithKey(keys, owner, from, envelope, (key, signer) => Eip3009.SignTransferWithAuthorization(domain, authorization with { From = signer }, key));
    }

    /// <summary>
    /// The Permit2 witness transfer <paramref name="permit"/> describes, from the agent's wallet: one <c>PermitWitnessTransferFrom</c>,
    /// or the batch form for several transfers, with the MPP witness <c>PaymentWitness{challengeHash, externalId}</c>.
    /// </summary>
    public static EvmSignature Sign(MasterKeyRing keys, Agent agent, AgentKeyEnvelope envelope, long chainId, RequestedPermit2 permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        var witness = Chain.Permit2.Permit2Signatures.PaymentWitnessHash(permit.ChallengeHash, permit.ExternalId);
        var permitted = permit.Transfers.Select(t => new Chain.Permit2.TokenPermission(permit.Token, t.Amount)).ToList();
        var digest = permitted.Count == 1
            ? Chain.Permit2.Permit2Signatures.SingleDigest(chainId, permit.Permit2, permitted[0], permit.Spender, permit.Nonce, permit.Deadline, witness,
                Chain.Permit2.Permit2Signatures.PaymentWitnessTypeString)
            : Chain.Permit2.Permit2Signatures.BatchDigest(chainId, permit.Permit2, permitted, permit.Spender, permit.Nonce, permit.Deadline, witness,
                Chain.Permit2.Permit2Signatures.PaymentWitnessTypeString);
        return WithKey(keys, agent, envelope, (key, _) => Chain.Permit2.Permit2Signatures.Sign(digest, key));
    }

    /// <summary>The token's EIP-2612 <c>Permit</c> from the agent's wallet (the owner is always the agent's own address).</summary>
    public static EvmSignature Sign(MasterKeyRing keys, Agent agent, AgentKeyEnvelope envelope, TokenDomain domain, EvmAddress spender,
        System.Numerics.BigInteger value, System.Numerics.BigInteger nonce, System.Numerics.BigInteger deadline) =>
        WithKey(keys, agent, envelope, (key, owner) => Eip2612.SignPermit(domain, new PermitAuthorization(owner, spender, value, nonce, deadline), key));

    /// <summary>An EIP-1559 transaction from the agent's wallet.</summary>
    public static SignedTransaction Sign(MasterKeyRing keys, Agent agent, AgentKeyEnvelope envelope, Eip1559Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return WithKey(keys, agent, envelope, (key, _) => transaction.Sign(key));
    }

    /// <summary>An EIP-1559 transaction from a platform wallet (the relayer).</summary>
    public static SignedTransaction Sign(MasterKeyRing keys, PlatformWallet wallet, AgentKeyEnvelope envelope, Eip1559Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(transaction);
        return WithKey(keys, wallet.Id, EvmAddress.Parse(wallet.Address), envelope, (key, _) => transaction.Sign(key));
    }

    private static T WithKey<T>(MasterKeyRing keys, Agent agent, AgentKeyEnvelope envelope, Func<EthECKey, EvmAddress, T> sign)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return WithKey(keys, agent.Id, EvmAddress.Parse(agent.WalletAddress), envelope, sign);
    }

    private static T WithKey<T>(MasterKeyRing keys, Guid owner, EvmAddress from, AgentKeyEnvelope envelope, Func<EthECKey, EvmAddress, T> sign)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var privateKey = new byte[32];
        try
        {
            keys.Open(owner, from, envelope, privateKey);
            // EthECKey keeps its own copy (a BigInteger) that cannot be wiped; it lives only for this call.
            return sign(new EthECKey(privateKey, true), from);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }
}
