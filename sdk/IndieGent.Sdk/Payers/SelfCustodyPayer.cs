using System.Collections.Concurrent;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402;
using IndieGent.Chain.Token.Functions;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using ChainAddress = IndieGent.Chain.EvmAddress;
using ProtocolAddress = IndieGent.Payments.Protocol.Evm.EvmAddress;

namespace IndieGent.Sdk.Payers;

/// <summary>
/// Pays with a key the caller holds, on one chain: MPP <c>evm</c>/<c>charge</c> with an EIP-3009
/// <c>authorization</c>, a Permit2 witness transfer (<c>permit2</c>, splits included), a signed EIP-1559
/// <c>transaction</c> or a broadcast <c>hash</c>; x402 <c>exact</c>; and the older dialect (a broadcast transfer,
/// sent as its hash).
/// </summary>
/// <remarks>
/// The key never leaves the process. <c>transaction</c> and <c>hash</c> spend the key's native coin for
/// gas; <c>authorization</c>, <c>permit2</c> and x402 do not (the server submits them), except for the one
/// <c>approve</c> that lets Permit2 move the token, sent the first time a permit needs it. Transactions from one payer take
/// their nonces from one in-process counter, so concurrent payments do not collide.
/// </remarks>
public sealed class SelfCustodyPayer : IPaymentPayer
{
    private readonly SelfCustodyPayerOptions _options;
    private readonly EthECKey _key;
    private readonly ChainAddress _address;
    private readonly Web3 _web3;
    private readonly PaymentOfferSelector _selector;
    private readonly ConcurrentDictionary<ChainAddress, Task<TokenDomain>> _domains = new();

    /// <summary>Creates the payer.</summary>
    /// <param name="options">The key, the chain and the tokens it pays in.</param>
    public SelfCustodyPayer(SelfCustodyPayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.PrivateKey))
            throw new ArgumentException("SelfCustodyPayerOptions.PrivateKey is required.", nameof(options));
        if (options.RpcUrl is not { IsAbsoluteUri: true })
            throw new ArgumentException("SelfCustodyPayerOptions.RpcUrl must be the chain's JSON-RPC URL.", nameof(options));
        if (options.Tokens.Count == 0)
            throw new ArgumentException("SelfCustodyPayerOptions.Tokens must name at least one token the key pays in.", nameof(options));

        _options = options;
        _key = new EthECKey(options.PrivateKey);
        _address = ChainAddress.Parse(_key.GetPublicAddress());
        var account = new Account(_key, options.ChainId);
        _web3 = new Web3(account, options.RpcUrl.ToString());
        account.NonceService = new InMemoryNonceService(account.Address, _web3.Client);

        Capabilities = new PayerCapabilities { MinimumRemainingValidity = options.MinimumRemainingValidity };
        foreach (var token in options.Tokens)
            Capabilities.AddAsset(options.ChainId, ProtocolAddress.Parse(token.ToChecksumHex()));
        Capabilities.CredentialTypes.Clear();
        foreach (var type in options.CredentialTypes)
            Capabilities.CredentialTypes.Add(type);
        _selector = new PaymentOfferSelector(Capabilities, options.TimeProvider);
    }

    /// <summary>The payer's address.</summary>
    public ChainAddress Address => _address;

    /// <summary>What this payer can pay (chain, tokens, protocols, credential types).</summary>
    public PayerCapabilities Capabilities { get; }

    /// <inheritdoc />
    public async Task<PaymentProof> PayAsync(PaymentRequired required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(required);
        var selection = required.Choose(_selector);
        var offer = selection.Offer;
        return offer.Protocol switch
        {
            PaymentProtocol.Mpp => await PayMppAsync(offer, selection.CredentialType, cancellationToken).ConfigureAwait(false),
            PaymentProtocol.IndieGentLegacy => await PayLegacyAsync(offer, cancellationToken).ConfigureAwait(false),
            PaymentProtocol.X402V2 or PaymentProtocol.X402V1 => await PayX402Async(offer, cancellationToken).ConfigureAwait(false),
            _ => throw required.Unpayable(),
        };
    }

    private async Task<PaymentProof> PayMppAsync(PaymentOffer offer, string credentialType, CancellationToken cancellationToken)
    {
        var challenge = offer.MppChallenge!;
        EvmChargePayload payload;
        string? txHash = null;
        switch (credentialType)
        {
            case EvmCredentialTypes.Authorization:
            {
                var now = _options.TimeProvider.GetUtcNow();
                var until = now + _options.AuthorizationLifetime;
                if (offer.ExpiresAt is { } expires && expires < until)
                    until = expires;
                var nonce = EvmChallengeHash.Compute(challenge);
                var authorization = new TransferAuthorization(_address, Chain(offer.Recipient), offer.Amount, BigInteger.Zero,
                    until.ToUnixTimeSeconds(), nonce.ToBytes());
                var signature = await SignAsync(offer, authorization, null, cancellationToken).ConfigureAwait(false);
                payload = new EvmAuthorizationPayload(Protocol(_address), offer.Recipient, offer.Amount, BigInteger.Zero,
                    until.ToUnixTimeSeconds(), nonce, signature.ToHex());
                break;
            }
            case EvmCredentialTypes.Transaction:
                payload = new EvmTransactionPayload(await SignTransferAsync(offer, cancellationToken).ConfigureAwait(false));
                break;
            case EvmCredentialTypes.Permit2:
                payload = await SignPermit2Async(offer, cancellationToken).ConfigureAwait(false);
                break;
            case EvmCredentialTypes.Hash:
                txHash = await TransferAsync(offer, cancellationToken).ConfigureAwait(false);
                payload = new EvmHashPayload(Bytes32.Parse(txHash));
                break;
            default:
                throw new PaymentException(PaymentFailureReasons.NoPayableOffer, $"This payer does not produce '{credentialType}' credentials.");
        }

        var credential = new PaymentCredential(challenge, payload.ToJsonElement(), new DidPkh(offer.ChainId, Protocol(_address)).ToString());
        // Authorization, or Payment-Authorization when the challenge asks for it (the reader refuses any other field).
        return new PaymentProof(PaymentProtocol.Mpp, credentialType, [new(challenge.CredentialField!, credential.Format())], offer,
            TransactionHash: txHash);
    }

    private async Task<PaymentProof> PayLegacyAsync(PaymentOffer offer, CancellationToken cancellationToken)
    {
        var txHash = await TransferAsync(offer, cancellationToken).ConfigureAwait(false);
        var credential = LegacyPaymentCredential.For(offer.LegacyChallenge!, Bytes32.Parse(txHash));
        return new PaymentProof(PaymentProtocol.IndieGentLegacy, EvmCredentialTypes.Hash,
            [new(PaymentHeaderNames.Authorization, credential.Format())], offer, TransactionHash: txHash);
    }

    private async Task<PaymentProof> PayX402Async(PaymentOffer offer, CancellationToken cancellationToken)
    {
        var requirements = offer.X402Requirements!;
        if (requirements.Scheme == X402PaymentRequirements.UptoScheme || requirements.ExtraAssetTransferMethod == "permit2")
            return await PayX402Permit2Async(offer, cancellationToken).ConfigureAwait(false);
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        // As x402 clients do: valid from a little in the past (clock skew), for the server's stated time.
        var authorization = new TransferAuthorization(_address, Chain(offer.Recipient), offer.Amount, now - 600,
            now + Math.Max(requirements.MaxTimeoutSeconds, 60), Eip3009.NewNonce());
        var domainHint = requirements.ExtraName is { } name && requirements.ExtraVersion is { } version ? (name, version) : ((string, string)?)null;
        var signature = await SignAsync(offer, authorization, domainHint, cancellationToken).ConfigureAwait(false);
        var payload = new X402ExactEvmPayload(signature.ToHex(), new X402Eip3009Authorization(Protocol(_address), offer.Recipient, offer.Amount,
            authorization.ValidAfter, authorization.ValidBefore, Bytes32.FromBytes(authorization.Nonce)));
        var header = offer.Protocol == PaymentProtocol.X402V2
            ? new KeyValuePair<string, string>(X402HeaderNames.PaymentSignature, X402PaymentPayload.Create(offer.X402Offer!, requirements, payload,
                // Echoed only when the server declares payment-identifier: a resend of this payload is then answered once.
                X402PaymentIdentifier.NewId()).Format())
            : new KeyValuePair<string, string>(X402HeaderNames.V1Payment, X402V1PaymentPayload.Create(requirements, payload).Format());
        return new PaymentProof(offer.Protocol, requirements.Scheme, [header], offer);
    }

    // A Permit2 witness transfer of the request's transfers (the primary recipient's remainder, then each split), for the
    // spender the challenge names, bound to the challenge by its hash. Permit2 moves the tokens with the ERC-20
    // allowance the key gave it: given once (max), in a transaction of the key's own, when it does not cover the payment.
    private async Task<EvmPermit2Payload> SignPermit2Async(PaymentOffer offer, CancellationToken cancellationToken)
    {
        var challenge = offer.MppChallenge!;
        var request = offer.EvmRequest!;
        var spender = request.MethodDetails.Spender ?? throw new PaymentException(PaymentFailureReasons.NoPayableOffer,
            "The permit2 challenge names no spender (methodDetails.spender): there is no one to sign the permit for.");
        // Permit2 moves whatever the wallet allowed it: only the Permit2 this payer trusts is approved, never one a server names.
        var permit2 = Chain(request.MethodDetails.EffectivePermit2Address);
        if (permit2 != _options.Permit2Address)
            throw new PaymentException(PaymentFailureReasons.NoPayableOffer,
                $"The permit2 challenge names Permit2 at {permit2.ToChecksumHex()}; this payer approves only {_options.Permit2Address.ToChecksumHex()} (SelfCustodyPayerOptions.Permit2Address).");
        var token = Chain(request.Currency);
        await EnsurePermit2AllowanceAsync(token, permit2, request.Amount, cancellationToken).ConfigureAwait(false);

        var transfers = EvmPermit2Payload.TransfersFor(request);
        var permitted = transfers.Select(t => new TokenPermission(token, t.RequestedAmount)).ToArray();
        var until = _options.TimeProvider.GetUtcNow() + _options.AuthorizationLifetime;
        if (offer.ExpiresAt is { } expires && expires < until)
            until = expires;
        var nonce = RandomPermitNonce();
        var challengeHash = EvmChallengeHash.Compute(challenge);
        var witness = Permit2Signatures.PaymentWitnessHash(challengeHash.ToBytes(), request.ExternalId ?? "");
        var digest = permitted.Length == 1
            ? Permit2Signatures.SingleDigest(offer.ChainId, permit2, permitted[0], Chain(spender), nonce, until.ToUnixTimeSeconds(), witness,
                Permit2Signatures.PaymentWitnessTypeString)
            : Permit2Signatures.BatchDigest(offer.ChainId, permit2, permitted, Chain(spender), nonce, until.ToUnixTimeSeconds(), witness,
                Permit2Signatures.PaymentWitnessTypeString);
        var signature = Permit2Signatures.Sign(digest, _key);
        return new EvmPermit2Payload([.. permitted.Select(p => new EvmPermit2Permission(request.Currency, p.Amount))], nonce,
            until.ToUnixTimeSeconds(), transfers, challengeHash, signature.ToHex());
    }

    private async Task EnsurePermit2AllowanceAsync(ChainAddress token, ChainAddress permit2, BigInteger amount, CancellationToken cancellationToken)
    {
        var tokenClient = new TokenClient(_web3, token);
        if (await tokenClient.AllowanceAsync(_address, permit2, cancellationToken).ConfigureAwait(false) >= amount)
            return;
        var receipt = await _web3.Eth.GetContractTransactionHandler<ApproveFunction>()
            .SendRequestAndWaitForReceiptAsync(token.ToChecksumHex(), new ApproveFunction { Spender = permit2.ToChecksumHex(), Value = UInt256Text.MaxValue },
                cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded())
            throw new PaymentException(PaymentFailureReasons.SettlementFailed, $"Approving Permit2 ({receipt.TransactionHash}) failed on chain.");
    }

    // Permit2's nonces are unordered: any unused 256-bit value.
    private static BigInteger RandomPermitNonce() => new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), isUnsigned: true);

    // x402 through Permit2: a witness transfer for the scheme's proxy as spender, to the offer's recipient. upto: of at most the
    // offer's amount, which only the facilitator the offer names may settle (for what the request used); exact: of the amount.
    private async Task<PaymentProof> PayX402Permit2Async(PaymentOffer offer, CancellationToken cancellationToken)
    {
        var requirements = offer.X402Requirements!;
        var token = Chain(offer.Asset);
        await EnsurePermit2AllowanceAsync(token, _options.Permit2Address, offer.Amount, cancellationToken).ConfigureAwait(false);
        var deadline = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() + Math.Max(requirements.MaxTimeoutSeconds, 60);
        var nonce = RandomPermitNonce();
        var permit = new PermitTransferFrom(new TokenPermission(token, offer.Amount), nonce, deadline);
        X402Permit2Payload payload;
        if (requirements.Scheme == X402PaymentRequirements.UptoScheme)
        {
            var facilitator = ChainAddress.Parse(requirements.ExtraFacilitatorAddress!);
            var signature = X402Permit2Signatures.SignUpto(offer.ChainId, _options.Permit2Address, _options.X402UptoProxyAddress, permit,
                new UptoWitness(Chain(offer.Recipient), facilitator, BigInteger.Zero), _key);
            payload = new X402Permit2Payload(signature.ToHex(), offer.Asset, offer.Amount, Protocol(_address), Protocol(_options.X402UptoProxyAddress),
                nonce, deadline, offer.Recipient, Protocol(facilitator), BigInteger.Zero);
        }
        else
        {
            var signature = X402Permit2Signatures.SignExact(offer.ChainId, _options.Permit2Address, _options.X402ExactProxyAddress, permit,
                new ExactWitness(Chain(offer.Recipient), BigInteger.Zero), _key);
            payload = new X402Permit2Payload(signature.ToHex(), offer.Asset, offer.Amount, Protocol(_address), Protocol(_options.X402ExactProxyAddress),
                nonce, deadline, offer.Recipient, null, BigInteger.Zero);
        }

        var header = X402PaymentPayload.Create(offer.X402Offer!, requirements, payload, X402PaymentIdentifier.NewId()).Format();
        return new PaymentProof(offer.Protocol, requirements.Scheme, [new(X402HeaderNames.PaymentSignature, header)], offer);
    }

    private async Task<EvmSignature> SignAsync(PaymentOffer offer, TransferAuthorization authorization, (string Name, string Version)? hint,
        CancellationToken cancellationToken)
    {
        var token = Chain(offer.Asset);
        var domain = hint is { } known
            ? new TokenDomain(known.Name, known.Version, offer.ChainId, token)
            : await _domains.GetOrAdd(token, t => TokenDomain.ReadAsync(_web3, t)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return Eip3009.SignTransferWithAuthorization(domain, authorization, _key);
    }

    private async Task<string> SignTransferAsync(PaymentOffer offer, CancellationToken cancellationToken)
    {
        var signed = await _web3.Eth.GetContractTransactionHandler<TransferFunction>()
            .SignTransactionAsync(Chain(offer.Asset).ToChecksumHex(), Transfer(offer))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return signed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? signed : "0x" + signed;
    }

    private async Task<string> TransferAsync(PaymentOffer offer, CancellationToken cancellationToken)
    {
        var receipt = await _web3.Eth.GetContractTransactionHandler<TransferFunction>()
            .SendRequestAndWaitForReceiptAsync(Chain(offer.Asset).ToChecksumHex(), Transfer(offer), cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded())
            throw new PaymentException(PaymentFailureReasons.SettlementFailed, $"The transfer {receipt.TransactionHash} failed on chain.");
        return receipt.TransactionHash;
    }

    private static TransferFunction Transfer(PaymentOffer offer) =>
        new() { To = offer.Recipient.ToString(), Value = offer.Amount };

    private static ChainAddress Chain(ProtocolAddress address) => ChainAddress.Parse(address.ToString());

    private static ProtocolAddress Protocol(ChainAddress address) => ProtocolAddress.Parse(address.ToChecksumHex());
}

/// <summary>The key a self-custody payer pays with, and where.</summary>
public sealed class SelfCustodyPayerOptions
{
    /// <summary>The secp256k1 private key (hex).</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>The EIP-155 chain the key pays on.</summary>
    public long ChainId { get; set; }

    /// <summary>The chain's JSON-RPC endpoint (token domains, transfers).</summary>
    public Uri RpcUrl { get; set; } = null!;

    /// <summary>The ERC-20 tokens the key pays in.</summary>
    public IList<ChainAddress> Tokens { get; } = [];

    /// <summary>
    /// The one Permit2 contract this payer approves and signs permits for (MPP <c>permit2</c>, x402 <c>upto</c> and exact by Permit2);
    /// the canonical deployment by default. A challenge naming another is not paid.
    /// </summary>
    public ChainAddress Permit2Address { get; set; } = Permit2Signatures.CanonicalAddress;

    /// <summary>The x402 <c>upto</c> proxy (the permits' spender); the canonical deployment by default.</summary>
    public ChainAddress X402UptoProxyAddress { get; set; } = X402Permit2Signatures.UptoProxyCanonicalAddress;

    /// <summary>The x402 <c>exact</c>-by-Permit2 proxy (the permits' spender); the canonical deployment by default.</summary>
    public ChainAddress X402ExactProxyAddress { get; set; } = X402Permit2Signatures.ExactProxyCanonicalAddress;

    /// <summary>The MPP credential types the payer produces, in no particular order (the server's order decides).</summary>
    public IList<string> CredentialTypes { get; } =
        [EvmCredentialTypes.Authorization, EvmCredentialTypes.Permit2, EvmCredentialTypes.Transaction, EvmCredentialTypes.Hash];

    /// <summary>The longest validity of an MPP authorization (shorter when the challenge expires sooner).</summary>
    public TimeSpan AuthorizationLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An offer expiring sooner than this is not paid.</summary>
    public TimeSpan MinimumRemainingValidity { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
