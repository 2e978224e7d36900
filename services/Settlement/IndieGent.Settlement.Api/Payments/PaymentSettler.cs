using System.Globalization;
using System.Numerics;
using IndieGent.Contracts.Payments;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Relaying;
using Marten;
using Microsoft.Extensions.Options;
using ChainAddress = IndieGent.Chain.EvmAddress;
using ChainSignature = IndieGent.Chain.EvmSignature;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// Turns an approved payment into a credential, for the saga's <see cref="SettlePayment"/> and for
/// the Gateway's request path alike. An <c>authorization</c> (MPP's, or x402's <c>exact</c>): the
/// EIP-3009 typed data (domain read from the token), the Wallet's signature over it (the ticket is
/// the Wallet's authority), the MPP credential echoing the challenge or the x402 payment payload
/// echoing the chosen offer, recorded in the caller's session and watched until the merchant (or
/// its facilitator) uses it or it expires. A <c>hash</c> (and the older dialect, which is a hash): the same
/// kind of authorization, sent by the platform's <see cref="Relayer"/>, which pays the gas, so the
/// agent's wallet needs none of the chain's native coin; the mined relay's hash is the credential.
/// A <c>transaction</c>: an EIP-1559 transfer from the agent's wallet, through <see cref="TransferSettler"/>.
/// </summary>
/// <remarks>
/// Returns the outcome for the caller to publish in the same commit as the record (the consume's
/// outbox, or the endpoint's session). Idempotent: a payment has at most one authorization or one
/// transfer nonce (the Wallet signs a payment once, and the record is inserted once); settling it
/// again answers what is recorded.
/// </remarks>
public sealed partial class PaymentSettler(
    WalletSigner signer,
    TokenDomainProvider domains,
    TransferSettler transfers,
    Relayer relayer,
    PaymentRelayOutcomes relays,
    Permit2Allowances allowances,
    IOptions<ChainOptions> chainOptions,
    IOptions<PaymentSettlementOptions> settlementOptions,
    TimeProvider time,
    ILogger<PaymentSettler> logger)
{
    private readonly ChainOptions _chain = chainOptions.Value;
    private readonly PaymentSettlementOptions _options = settlementOptions.Value;

    /// <summary>
    /// The outcome to publish: <see cref="CredentialIssued"/>, <see cref="TxBroadcast"/>,
    /// <see cref="Confirmed"/> or <see cref="SettlementFailed"/>; null while a transfer waits for the node.
    /// A new authorization is inserted into <paramref name="session"/>: the caller commits it.
    /// </summary>
    public async Task<object?> SettleAsync(SettlePayment m, IDocumentSession session, CancellationToken ct)
    {
        // Whether the payment was settled before, in one round trip.
        var batch = session.CreateBatchQuery();
        var watchLoad = batch.Load<AuthorizationWatch>(m.PaymentId);
        var transferLoad = batch.Load<OutgoingTransfer>(m.PaymentId);
        var relayLoad = batch.Load<RelayedTransfer>(m.PaymentId);
        await batch.Execute(ct);
        if (await watchLoad is { } existing)
            return Announcement(existing);
        if (await transferLoad is { } transfer)
            return await transfers.ResumeAsync(transfer, ct);
        // The relay watcher sends what is recorded; the payment waits for it.
        if (await relayLoad is { } relayed)
            return relays.Outcome(relayed);

        if (Unsettleable(m.Terms, out var answered) is { } refusal)
        {
            LogRefused(m.PaymentId, refusal.Reason);
            return new SettlementFailed(m.PaymentId, refusal.Reason, null, time.GetUtcNow(), refusal.Detail);
        }

        return (m.Terms.CredentialType, answered) switch
        {
            (EvmCredentialTypes.Authorization, PaymentChallenge mpp) => await AuthorizeAsync(m, EvmChallengeHash.Compute(mpp), mpp.ExpiresAt,
                signed => PaymentCredentials.Format(mpp, signed, _chain.ChainId, signed.From), session, ct),
            (EvmCredentialTypes.Authorization, X402PaymentRequired x402) => await AuthorizeX402Async(m, x402, session, ct),
            (EvmCredentialTypes.Permit2, PaymentChallenge mpp) => await PermitAsync(m, mpp, session, ct),
            (EvmCredentialTypes.Transaction, _) => await transfers.SettleAsync(m, TransferMode.HandOff, ct),
            _ => await RelayAsync(m, ct),
        };
    }

    /// <summary>What an authorization recorded for the payment says now.</summary>
    public static object Announcement(AuthorizationWatch watch) =>
        watch.Outcome() ?? new CredentialIssued(watch.Id, watch.Credential, DateTimeOffset.FromUnixTimeSeconds(watch.ValidBefore), watch.UpdatedAt);

    // x402 exact: the offer names the token's EIP-712 domain and the most time the server takes to settle.
    // Its authorization's nonce is derived from the payment (x402 has no challenge id to bind): every
    // settlement of the payment asks for the same one. A server declaring payment-identifier gets the
    // payment's id, so the agent's resend of the same payment is answered once.
    private async Task<object> AuthorizeX402Async(SettlePayment m, X402PaymentRequired offer, IDocumentSession session, CancellationToken ct)
    {
        var accepted = offer.Accepts[0];
        var domain = await domains.GetAsync(ct);
        if (accepted.ExtraName is { } name && accepted.ExtraVersion is { } version && (name != domain.Name || version != domain.Version))
        {
            LogRefused(m.PaymentId, PaymentReason.InvalidChallenge);
            return new SettlementFailed(m.PaymentId, PaymentReason.InvalidChallenge, null, time.GetUtcNow(),
                $"The x402 offer names the token's EIP-712 domain '{name}' version '{version}'; the token's is '{domain.Name}' version '{domain.Version}', so no authorization could pass.");
        }

        var nonce = Bytes32.FromBytes(DerivedNonce("indiegent/x402/v1|", m.PaymentId));
        return await AuthorizeAsync(m, nonce, time.GetUtcNow().AddSeconds(accepted.MaxTimeoutSeconds), signed =>
            X402PaymentPayload.Create(offer, accepted, new X402ExactEvmPayload(signed.Signature,
                new X402Eip3009Authorization(signed.From, signed.To, signed.Value, signed.ValidAfter, signed.ValidBefore, signed.Nonce)),
                "pay_" + m.PaymentId.ToString("N")).Format(),
            session, ct);
    }

    // An EIP-3009 authorization for the payment, signed by the Wallet, valid until the earlier of the
    // configured lifetime and the challenge's expiry, and the credential made of it.
    private async Task<object> AuthorizeAsync(SettlePayment m, Bytes32 nonce, DateTimeOffset? expiresAt, Func<EvmAuthorizationPayload, string> credential,
        IDocumentSession session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + _options.AuthorizationLifetime;
        if (expiresAt is { } expires && expires < until)
            until = expires;
        if (until - now < _options.MinimumValidity)
            return new SettlementFailed(m.PaymentId, PaymentReason.ChallengeExpired, null, now, "The challenge expires before an authorization could be used.");

        var validBefore = until.ToUnixTimeSeconds();
        var domain = await domains.GetAsync(ct);
        var (signed, refused) = await signer.SignAsync(
            new SignTransferAuthorization(m.PaymentId, m.AgentId, _chain.ChainId, domain.VerifyingContract.ToChecksumHex(), domain.Name,
                domain.Version, m.Terms.Recipient, m.Terms.Amount, 0, validBefore, nonce.ToString(), m.Ticket), ct);
        if (refused is not null)
        {
            LogSigningRefused(m.PaymentId, refused.Reason);
            return new SettlementFailed(m.PaymentId, PaymentReason.SigningRefused, null, time.GetUtcNow(), $"The Wallet refused ({refused.Reason}): {refused.Detail}");
        }

        // The Wallet's window wins: a concurrent settlement of this payment may have been signed first, for its own window.
        validBefore = signed!.ValidBefore;
        var from = EvmAddress.Parse(signed.From, "from");
        var payload = new EvmAuthorizationPayload(from, EvmAddress.Parse(m.Terms.Recipient, "recipient"),
            BigInteger.Parse(m.Terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture), BigInteger.Zero, validBefore, nonce,
            signed.Signature);
        var watch = new AuthorizationWatch
        {
            Id = m.PaymentId,
            AgentId = m.AgentId,
            From = from.ToString().ToLowerInvariant(),
            To = ChainAddress.Parse(m.Terms.Recipient).ToLowerHex(),
            Value = m.Terms.Amount,
            Nonce = nonce.ToString().ToLowerInvariant(),
            ValidBefore = validBefore,
            Credential = credential(payload),
            State = AuthorizationWatchState.Watching,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // Inserted, never upserted: a concurrent settlement of the same payment fails to commit and
        // finds this one (with the same signature: the Wallet signs a payment once).
        session.Insert(watch);
        LogIssued(m.PaymentId, m.AgentId, validBefore);
        return Announcement(watch);
    }

    // A hash (or the dialect's): an authorization from the agent's wallet, signed under the payment's one
    // signing claim, with a nonce derived from the payment (so every settlement of it asks for the same
    // one), then relayed. Its hash is the credential once confirmed.
    private async Task<object?> RelayAsync(SettlePayment m, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + _options.AuthorizationLifetime;
        if (m.Terms.ExpiresAt is { } expires && expires < until)
            until = expires;
        if (until - now < _options.MinimumValidity)
            return new SettlementFailed(m.PaymentId, PaymentReason.ChallengeExpired, null, now, "The challenge expires before a transfer could be relayed.");

        var nonce = DerivedNonce("indiegent/relay/v1|", m.PaymentId);
        var domain = await domains.GetAsync(ct);
        var (signed, refused) = await signer.SignAsync(
            new SignTransferAuthorization(m.PaymentId, m.AgentId, _chain.ChainId, domain.VerifyingContract.ToChecksumHex(), domain.Name,
                domain.Version, m.Terms.Recipient, m.Terms.Amount, 0, until.ToUnixTimeSeconds(), "0x" + Convert.ToHexStringLower(nonce), m.Ticket), ct);
        if (refused is not null)
        {
            LogSigningRefused(m.PaymentId, refused.Reason);
            return new SettlementFailed(m.PaymentId, PaymentReason.SigningRefused, null, time.GetUtcNow(), $"The Wallet refused ({refused.Reason}): {refused.Detail}");
        }

        // The Wallet's window wins: a concurrent settlement of this payment may have been signed first.
        var authorization = new IndieGent.Chain.TransferAuthorization(ChainAddress.Parse(signed!.From), ChainAddress.Parse(m.Terms.Recipient),
            BigInteger.Parse(m.Terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture), 0, signed.ValidBefore, nonce);
        var request = new RelayRequest(m.PaymentId, RelayPurpose.Payment, m.AgentId,
            new IndieGent.Chain.RelayedAuthorization(authorization, ChainSignature.Parse(signed.Signature)), m.Ticket, new RelayedPayment(m.Terms.Protocol, m.Terms.Challenge!));
        string? shortfall = null;
        var relay = await relayer.RelayAsync(request, (balance, needed) => shortfall = $"The platform's relayer holds {balance} wei for gas, {needed} needed; try again later.", ct);
        return relay is null
            ? new SettlementFailed(m.PaymentId, PaymentReason.SettlementUnavailable, null, time.GetUtcNow(), shortfall)
            : relays.Outcome(relay);
    }

    // MPP permit2: a Permit2 witness transfer for the spender the challenge names, of exactly the challenge's transfers (the primary
    // recipient's remainder, then each split) — which the terms, and so the ticket, name — through the Permit2 the platform trusts.
    // The wallet's one-time Permit2 allowance is made first. Its nonce is derived from the payment, like an authorization's.
    private async Task<object> PermitAsync(SettlePayment m, PaymentChallenge challenge, IDocumentSession session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var request = EvmChargeRequest.FromChallenge(challenge);
        var transfers = EvmPermit2Payload.TransfersFor(request);
        var splits = m.Terms.Splits ?? [];
        if (request.MethodDetails.Spender is not { } spender || !string.Equals(spender.ToString(), m.Terms.Spender, StringComparison.OrdinalIgnoreCase) ||
            ChainAddress.Parse(request.MethodDetails.EffectivePermit2Address.ToString()) != allowances.Permit2 ||
            transfers.Count != splits.Count + 1 ||
            !transfers.Skip(1).Zip(splits).All(p => string.Equals(p.First.To.ToString(), p.Second.Recipient, StringComparison.OrdinalIgnoreCase) &&
                                                    p.First.RequestedAmount.ToString(CultureInfo.InvariantCulture) == p.Second.Amount))
        {
            LogRefused(m.PaymentId, PaymentReason.InvalidChallenge);
            return new SettlementFailed(m.PaymentId, PaymentReason.InvalidChallenge, null, now,
                $"The permit2 challenge names no spender, another Permit2 than {allowances.Permit2.ToChecksumHex()}, or splits the payment's terms do not.");
        }

        var until = now + _options.AuthorizationLifetime;
        if (challenge.ExpiresAt is { } expires && expires < until)
            until = expires;
        if (until - now < _options.MinimumValidity)
            return new SettlementFailed(m.PaymentId, PaymentReason.ChallengeExpired, null, now, "The challenge expires before a permit could be used.");

        var owner = await session.Query<Deposits.WatchedAddress>().FirstOrDefaultAsync(w => w.AgentId == m.AgentId, ct);
        if (owner is null)
            return new SettlementFailed(m.PaymentId, PaymentReason.SettlementUnavailable, null, now, "Settlement has not heard of the agent's wallet yet.");
        var total = BigInteger.Parse(m.Terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture);
        if (await allowances.EnsureAsync(m, ChainAddress.Parse(owner.Id), total, ct) is { } notYet)
            return new SettlementFailed(m.PaymentId, PaymentReason.SettlementUnavailable, null, time.GetUtcNow(), notYet);

        var nonce = new BigInteger(DerivedNonce("indiegent/permit2/v1|", m.PaymentId), isUnsigned: true, isBigEndian: true);
        var challengeHash = EvmChallengeHash.Compute(challenge);
        var (signed, refused) = await signer.SignAsync(new SignPermit2Transfer(m.PaymentId, m.AgentId, _chain.ChainId, allowances.Permit2.ToChecksumHex(),
            _chain.TokenAddress, spender.ToString(), [.. transfers.Select(t => new PaymentSplit(t.To.ToString(), t.RequestedAmount.ToString(CultureInfo.InvariantCulture)))],
            nonce.ToString(CultureInfo.InvariantCulture), until.ToUnixTimeSeconds(), challengeHash.ToString(), request.ExternalId ?? "", m.Ticket), ct);
        if (refused is not null)
        {
            LogSigningRefused(m.PaymentId, refused.Reason);
            return new SettlementFailed(m.PaymentId, PaymentReason.SigningRefused, null, time.GetUtcNow(), $"The Wallet refused ({refused.Reason}): {refused.Detail}");
        }

        // The Wallet's deadline wins: a concurrent settlement of this payment may have been signed first.
        var payload = new EvmPermit2Payload([.. transfers.Select(t => new EvmPermit2Permission(request.Currency, t.RequestedAmount))], nonce,
            signed!.Deadline, transfers, challengeHash, signed.Signature);
        var from = EvmAddress.Parse(signed.From, "from");
        var watch = new AuthorizationWatch
        {
            Id = m.PaymentId,
            AgentId = m.AgentId,
            Kind = AuthorizationWatch.Permit2Kind,
            From = from.ToString().ToLowerInvariant(),
            To = ChainAddress.Parse(m.Terms.Recipient).ToLowerHex(),
            Value = m.Terms.Amount,
            Nonce = "0x" + nonce.ToString("x64", CultureInfo.InvariantCulture)[^64..],
            // Permit2 takes a permit up to and including its deadline's second.
            ValidBefore = signed.Deadline + 1,
            Credential = PaymentCredentials.Format(challenge, payload, _chain.ChainId, from),
            State = AuthorizationWatchState.Watching,
            CreatedAt = now,
            UpdatedAt = now,
        };
        session.Insert(watch);
        LogIssued(m.PaymentId, m.AgentId, watch.ValidBefore);
        return Announcement(watch);
    }

    /// <summary>keccak256 of a fixed label and the payment id: one EIP-3009 nonce per payment, the same on every attempt.</summary>
    private static byte[] DerivedNonce(string label, Guid paymentId) =>
        Nethereum.Util.Sha3Keccack.Current.CalculateHash([.. System.Text.Encoding.ASCII.GetBytes(label), .. paymentId.ToByteArray(bigEndian: true)]);

    // The challenge comes back parsed: an MPP challenge, the x402 offer (its one chosen entry), or null for the dialect (only checked).
    private (PaymentReason Reason, string Detail)? Unsettleable(PaymentTerms terms, out object? answered)
    {
        answered = null;
        if (terms.Protocol is not (PaymentProtocols.Mpp or PaymentProtocols.Dialect or PaymentProtocols.X402) || string.IsNullOrEmpty(terms.Challenge))
            return (PaymentReason.UnsupportedProtocol, $"Settlement answers MPP challenges, x402 offers and the older dialect; {terms.Protocol} is not supported.");
        if (terms.CredentialType is not (EvmCredentialTypes.Authorization or EvmCredentialTypes.Transaction or EvmCredentialTypes.Hash
                or EvmCredentialTypes.Permit2) ||
            terms.CredentialType == EvmCredentialTypes.Permit2 && terms.Protocol != PaymentProtocols.Mpp ||
            terms.Protocol == PaymentProtocols.Dialect && terms.CredentialType != EvmCredentialTypes.Hash ||
            terms.Protocol == PaymentProtocols.X402 && terms.CredentialType != EvmCredentialTypes.Authorization)
            return (PaymentReason.UnsupportedCredentialType, $"Settlement does not issue '{terms.CredentialType}' credentials for {terms.Protocol}.");
        if (terms.ChainId != _chain.ChainId)
            return (PaymentReason.UnsupportedChain, $"Settlement works on chain {_chain.ChainId}, not {terms.ChainId}.");
        if (!ChainAddress.TryParse(terms.Currency, out var token) || token != ChainAddress.Parse(_chain.TokenAddress))
            return (PaymentReason.UnsupportedCurrency, "The payment is not in the configured token.");
        if (!ChainAddress.TryParse(terms.Recipient, out var recipient) || recipient.IsZero)
            return (PaymentReason.InvalidRecipient, "The recipient is not a non-zero address.");
        if (!BigInteger.TryParse(terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return (PaymentReason.InvalidAmount, "The amount is not a positive integer.");
        try
        {
            switch (terms.Protocol)
            {
                case PaymentProtocols.Mpp:
                    answered = PaymentChallenge.Parse(terms.Challenge);
                    break;
                case PaymentProtocols.X402:
                    var offer = X402PaymentRequired.Parse(terms.Challenge);
                    // The terms were read from this entry: anything else would sign for a payment the ticket does not name.
                    if (offer.Accepts is not [var accepted] || !accepted.TryGetExactEvm(null, out var chainId, out var asset, out var payTo) ||
                        chainId != terms.ChainId || ChainAddress.Parse(asset.ToString()) != token || ChainAddress.Parse(payTo.ToString()) != recipient ||
                        accepted.Amount != amount)
                        return (PaymentReason.InvalidChallenge, "The x402 offer is not the one exact EVM entry the payment's terms name.");
                    answered = offer;
                    break;
                default:
                    LegacyPaymentChallenge.Parse(terms.Challenge);
                    break;
            }
        }
        catch (PaymentProtocolException e)
        {
            return (PaymentReason.InvalidChallenge, e.Message);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued an authorization for payment {PaymentId} of agent {AgentId}, valid before {ValidBefore}")]
    private partial void LogIssued(Guid paymentId, Guid agentId, long validBefore);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} will not be settled: {Reason}")]
    private partial void LogRefused(Guid paymentId, PaymentReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} will not be settled: the Wallet refused to sign ({Refusal})")]
    private partial void LogSigningRefused(Guid paymentId, string refusal);
}
