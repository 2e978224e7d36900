using System.Globalization;
using System.Numerics;
using IndieGent.Contracts.Payments;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Settlement.Api.Chain;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using ChainAddress = IndieGent.Chain.EvmAddress;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// Turns an approved payment into a credential. An <c>authorization</c>: the EIP-3009 typed data
/// (domain read from the token), the Wallet's signature over it, the MPP credential echoing the
/// challenge, recorded and watched until the merchant uses it or it expires. A <c>hash</c> or a
/// <c>transaction</c> (and the older dialect, which is a hash): an EIP-1559 transfer, through
/// <see cref="TransferSettler"/>.
/// </summary>
/// <remarks>
/// Idempotent: a payment has at most one authorization or one transfer nonce (the Wallet signs a
/// payment once, and the record is inserted once); a repeated command announces what is recorded.
/// </remarks>
public sealed partial class SettlePaymentConsumer(
    IDocumentStore store,
    IRequestClient<SignTransferAuthorization> signer,
    TokenDomainProvider domains,
    TransferSettler transfers,
    IOptions<ChainOptions> chainOptions,
    IOptions<PaymentSettlementOptions> settlementOptions,
    TimeProvider time,
    ILogger<SettlePaymentConsumer> logger) : IConsumer<SettlePayment>
{
    private readonly ChainOptions _chain = chainOptions.Value;
    private readonly PaymentSettlementOptions _options = settlementOptions.Value;

    public async Task Consume(ConsumeContext<SettlePayment> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;

        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<AuthorizationWatch>(m.PaymentId, ct) is { } existing)
            {
                await AnnounceAsync(context, existing);
                return;
            }

            if (await query.LoadAsync<OutgoingTransfer>(m.PaymentId, ct) is { } transfer)
            {
                await transfers.ResumeAsync(context, transfer, ct);
                return;
            }
        }

        if (Unsettleable(m.Terms, out var challenge) is { } refusal)
        {
            LogRefused(m.PaymentId, refusal.Reason);
            await context.Publish(new SettlementFailed(m.PaymentId, refusal.Reason, null, time.GetUtcNow()), ct);
            return;
        }

        if (m.Terms.CredentialType == EvmCredentialTypes.Authorization)
            await AuthorizeAsync(context, challenge!);
        else
            await transfers.SettleAsync(context, m,
                m.Terms.CredentialType == EvmCredentialTypes.Transaction ? TransferMode.HandOff : TransferMode.Broadcast, m.Terms.Protocol, ct);
    }

    private async Task AuthorizeAsync(ConsumeContext<SettlePayment> context, PaymentChallenge challenge)
    {
        var m = context.Message;
        var ct = context.CancellationToken;

        var now = time.GetUtcNow();
        var until = now + _options.AuthorizationLifetime;
        if (challenge.ExpiresAt is { } expires && expires < until)
            until = expires;
        if (until - now < _options.MinimumValidity)
        {
            await context.Publish(new SettlementFailed(m.PaymentId, "ChallengeExpired", null, now), ct);
            return;
        }

        var validBefore = until.ToUnixTimeSeconds();
        var nonce = EvmChallengeHash.Compute(challenge);
        var domain = await domains.GetAsync(ct);
        var response = await signer.GetResponse<TransferAuthorizationSigned, TransferAuthorizationRefused>(
            new SignTransferAuthorization(m.PaymentId, m.AgentId, _chain.ChainId, domain.VerifyingContract.ToChecksumHex(), domain.Name,
                domain.Version, m.Terms.Recipient, m.Terms.Amount, 0, validBefore, nonce.ToString()),
            ct, RequestTimeout.After(ms: (int)_options.SignerTimeout.TotalMilliseconds));

        if (response.Is(out Response<TransferAuthorizationRefused>? refused))
        {
            // The Wallet learns the Ledger's approval from CapChecked, which can reach it a moment
            // after this command reached us: the endpoint retries that one refusal.
            if (refused.Message.Reason == "NotApproved")
                throw new SignerNotReadyException(m.PaymentId);
            LogRefused(m.PaymentId, refused.Message.Reason);
            await context.Publish(new SettlementFailed(m.PaymentId, "SigningRefused:" + refused.Message.Reason, null, time.GetUtcNow()), ct);
            return;
        }

        response.Is(out Response<TransferAuthorizationSigned>? signed);
        var from = EvmAddress.Parse(signed!.Message.From, "from");
        var payload = new EvmAuthorizationPayload(from, EvmAddress.Parse(m.Terms.Recipient, "recipient"),
            BigInteger.Parse(m.Terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture), BigInteger.Zero, validBefore, nonce,
            signed.Message.Signature);
        var credential = PaymentCredentials.Format(challenge, payload, _chain.ChainId, from);

        var watch = new AuthorizationWatch
        {
            Id = m.PaymentId,
            AgentId = m.AgentId,
            From = from.ToString().ToLowerInvariant(),
            To = ChainAddress.Parse(m.Terms.Recipient).ToLowerHex(),
            Value = m.Terms.Amount,
            Nonce = nonce.ToString().ToLowerInvariant(),
            ValidBefore = validBefore,
            Credential = credential,
            State = AuthorizationWatchState.Watching,
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
        };
        // A concurrent delivery may record it first (with the same signature: the Wallet signs once).
        watch = await store.InsertOnceAsync(watch, watch.Id, ct);

        LogIssued(m.PaymentId, m.AgentId, validBefore);
        await AnnounceAsync(context, watch);
    }

    private static Task AnnounceAsync(ConsumeContext context, AuthorizationWatch watch) =>
        context.Publish(watch.Outcome() ?? new CredentialIssued(watch.Id, watch.Credential,
            DateTimeOffset.FromUnixTimeSeconds(watch.ValidBefore), watch.UpdatedAt));

    // The MPP challenge comes back parsed (null for the dialect, which is only checked).
    private (string Reason, string Detail)? Unsettleable(PaymentTerms terms, out PaymentChallenge? challenge)
    {
        challenge = null;
        if (terms.Protocol is not (PaymentCredentials.Mpp or PaymentCredentials.Dialect) || string.IsNullOrEmpty(terms.Challenge))
            return ("UnsupportedProtocol", $"Settlement answers MPP challenges and the older dialect; {terms.Protocol} is not supported.");
        if (terms.CredentialType is not (EvmCredentialTypes.Authorization or EvmCredentialTypes.Transaction or EvmCredentialTypes.Hash) ||
            terms.Protocol == PaymentCredentials.Dialect && terms.CredentialType != EvmCredentialTypes.Hash)
            return ("UnsupportedCredentialType", $"Settlement does not issue '{terms.CredentialType}' credentials for {terms.Protocol}.");
        if (terms.ChainId != _chain.ChainId)
            return ("UnsupportedChain", $"Settlement works on chain {_chain.ChainId}, not {terms.ChainId}.");
        if (!ChainAddress.TryParse(terms.Currency, out var token) || token != ChainAddress.Parse(_chain.TokenAddress))
            return ("UnsupportedCurrency", "The payment is not in the configured token.");
        if (!ChainAddress.TryParse(terms.Recipient, out var recipient) || recipient.IsZero)
            return ("InvalidRecipient", "The recipient is not a non-zero address.");
        if (!BigInteger.TryParse(terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return ("InvalidAmount", "The amount is not a positive integer.");
        if (terms.Protocol == PaymentCredentials.Mpp && !PaymentChallenge.TryParse(terms.Challenge, out challenge, out PaymentProtocolException? error))
            return ("InvalidChallenge", error!.Message);
        if (terms.Protocol == PaymentCredentials.Dialect)
        {
            try
            {
                LegacyPaymentChallenge.Parse(terms.Challenge);
            }
            catch (PaymentProtocolException e)
            {
                return ("InvalidChallenge", e.Message);
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued an authorization for payment {PaymentId} of agent {AgentId}, valid before {ValidBefore}")]
    private partial void LogIssued(Guid paymentId, Guid agentId, long validBefore);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} will not be settled: {Reason}")]
    private partial void LogRefused(Guid paymentId, string reason);
}
