using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Contracts.Transfers;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Settlement.Api.Relaying;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Settlement.Api.Transfers;

/// <summary>
/// Settles a treasury ↔ agent transfer: the Wallet signs the EIP-3009 authorization from the source
/// wallet (only for the Ledger's <c>transfer</c> ticket), the platform's <see cref="Relayer"/> sends it and
/// pays the gas, so neither wallet ever needs the chain's native coin. The outcome is published with
/// the consume (outbox). Asked again, it answers what the relay record says; the EIP-3009 nonce is
/// derived from the transfer id and the Wallet signs a transfer once, so a transfer moves money at most once.
/// </summary>
public sealed partial class SettleTransferConsumer(
    IDocumentSession session,
    WalletSigner wallet,
    TokenDomainProvider domains,
    Relayer relayer,
    TransferRelayOutcomes outcomes,
    IOptions<ChainOptions> chain,
    IOptions<PaymentSettlementOptions> settlement,
    TimeProvider time,
    ILogger<SettleTransferConsumer> logger) : IConsumer<SettleTransfer>
{
    public async Task Consume(ConsumeContext<SettleTransfer> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (await session.LoadAsync<RelayedTransfer>(m.TransferId, ct) is { } recorded)
        {
            if (outcomes.Outcome(recorded) is { } known)
                await context.Publish(known, known.GetType(), ct);
            return;
        }

        if (await SettleAsync(m, ct) is { } outcome)
            await context.Publish(outcome, outcome.GetType(), ct);
    }

    private async Task<object?> SettleAsync(SettleTransfer m, CancellationToken ct)
    {
        if (!EvmAddress.TryParse(m.To, out var to) ||
            !BigInteger.TryParse(m.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return Failed(m, TransferFailureReason.SigningRefused, "The transfer names no valid destination or amount.");

        var nonce = AuthorizationNonce(m.TransferId);
        var validBefore = (time.GetUtcNow() + settlement.Value.AuthorizationLifetime).ToUnixTimeSeconds();
        var domain = await domains.GetAsync(ct);
        var (signed, refused) = await wallet.SignTransferAsync(new SignTransferAuthorization(m.TransferId, m.SourceWalletId, chain.Value.ChainId,
            domain.VerifyingContract.ToChecksumHex(), domain.Name, domain.Version, to.ToChecksumHex(), m.Amount, 0, validBefore,
            "0x" + Convert.ToHexStringLower(nonce), m.Ticket), ct);
        if (refused is not null)
        {
            LogRefused(m.TransferId, refused.Reason);
            return Failed(m, TransferFailureReason.SigningRefused, $"The Wallet refused ({refused.Reason}): {refused.Detail}");
        }

        // The Wallet's window wins: it signs a transfer once, and answers that signature again.
        var authorization = new TransferAuthorization(EvmAddress.Parse(signed!.From), to, amount, 0, signed.ValidBefore, nonce);
        string? shortfall = null;
        var relay = await relayer.RelayAsync(new RelayRequest(m.TransferId, RelayPurpose.Transfer, m.SourceWalletId,
                new RelayedAuthorization(authorization, EvmSignature.Parse(signed.Signature)), m.Ticket, null),
            (balance, needed) => shortfall = $"The platform's relayer holds {balance} wei for gas, {needed} needed; try again later.", ct);
        return relay is null ? Failed(m, TransferFailureReason.SettlementUnavailable, shortfall) : outcomes.Outcome(relay);
    }

    private TransferFailed Failed(SettleTransfer m, TransferFailureReason reason, string? detail) => new(m.TransferId, reason, null, time.GetUtcNow(), detail);

    /// <summary>keccak256 of a fixed label and the transfer id: one EIP-3009 nonce per transfer, the same on every attempt.</summary>
    private static byte[] AuthorizationNonce(Guid transferId) =>
        Nethereum.Util.Sha3Keccack.Current.CalculateHash([.. "indiegent/transfer/v1|"u8, .. transferId.ToByteArray(bigEndian: true)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} will not be settled: the Wallet refused to sign ({Refusal})")]
    private partial void LogRefused(Guid transferId, string refusal);
}
