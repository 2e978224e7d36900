using System.Numerics;
using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using Nethereum.RPC.Eth.DTOs;
using ChainAddress = IndieGent.Chain.EvmAddress;
using ProtocolAddress = IndieGent.Payments.Protocol.Evm.EvmAddress;

namespace IndieGent.Testing.Platform;

/// <summary>
/// A paid API's side of MPP, as a merchant runs it: issues HMAC-bound evm/charge challenges and
/// settles the credentials it receives on chain with <c>transferWithAuthorization</c>, after the
/// checks the evm charge draft requires.
/// </summary>
public sealed class Merchant(ChainAddress token, long chainId, string realm = "api.merchant.test")
{
    private readonly ChallengeIdBinder _binder = ChallengeIdBinder.FromSecret(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    public string Realm { get; } = realm;

    public ChainAddress Recipient { get; } = ChainAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress());

    public Uri Url => new($"https://{Realm}/v1/search");

    /// <summary>A <c>WWW-Authenticate</c> value asking for <paramref name="amount"/> base units.</summary>
    public string Challenge(BigInteger amount, TimeSpan? validFor = null, ChainAddress? recipient = null, string[]? credentialTypes = null)
    {
        var request = new EvmChargeRequest(amount, ProtocolAddress.Parse(token.ToChecksumHex()),
            ProtocolAddress.Parse((recipient ?? Recipient).ToChecksumHex()),
            new EvmMethodDetails(chainId, credentialTypes ?? [EvmCredentialTypes.Authorization], Decimals: 6));
        return _binder.Issue(Realm, EvmChargeRequest.Method, EvmChargeRequest.Intent, request.ToJson(),
            DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromMinutes(5))).Format();
    }

    /// <summary>Verifies a credential as the merchant must, then submits it with <paramref name="submitter"/> paying gas.</summary>
    public async Task<TransactionReceipt> SettleAsync(TokenClient submitter, string authorization, CancellationToken ct)
    {
        var credential = WithOurChallenge(authorization);
        if (EvmChargePayload.FromCredential(credential) is not EvmAuthorizationPayload payload)
            throw new InvalidOperationException("The merchant expected an authorization credential.");
        if (EvmChargeVerifier.Check(credential.Challenge, EvmChargeRequest.FromChallenge(credential.Challenge), payload, TimeProvider.System)
            is var check and not EvmPayloadVerdict.Valid)
            throw new InvalidOperationException($"The merchant refuses the credential: {check}.");

        var transfer = new TransferAuthorization(ChainAddress.Parse(payload.From.ToString()), ChainAddress.Parse(payload.To.ToString()),
            payload.Value, payload.ValidAfter, payload.ValidBefore, Convert.FromHexString(payload.Nonce.ToString()[2..]));
        return await submitter.TransferWithAuthorizationAsync(transfer, EvmSignature.Parse(payload.Signature), ct);
    }

    /// <summary>
    /// Checks a <c>transaction</c> credential's challenge as the merchant must, then broadcasts the agent's signed transaction
    /// through <paramref name="chain"/> (no receipt awaited: a transaction at a later nonce waits in the node's pool for the
    /// earlier ones); its hash.
    /// </summary>
    public async Task<string> BroadcastAsync(Nethereum.Web3.IWeb3 chain, string authorization)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var credential = WithOurChallenge(authorization);
        if (EvmChargePayload.FromCredential(credential) is not EvmTransactionPayload signed)
            throw new InvalidOperationException("The merchant expected a transaction credential.");
        return await chain.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed.Signature);
    }

    // The credential, if it answers a challenge this merchant issued and that is still valid.
    private PaymentCredential WithOurChallenge(string authorization)
    {
        var credential = PaymentCredential.Parse(authorization);
        if (_binder.Check(credential.Challenge, TimeProvider.System, Realm) is var verdict and not ChallengeVerdict.Valid)
            throw new InvalidOperationException($"The merchant refuses the credential's challenge: {verdict}.");
        return credential;
    }
}
