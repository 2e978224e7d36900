using System.Globalization;
using System.Numerics;
using IndieGent.Contracts.Payments;
using IndieGent.Settlement.Api.Chain;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// Follows every open <see cref="OutgoingTransfer"/> until one of its versions is mined with the
/// configured confirmations: Confirmed (with the hash credential), or failed when it reverted,
/// was cancelled, or its nonce went to a transaction that is not ours. Meanwhile it sends what
/// was signed but not sent, sends again what the node dropped, replaces what is stuck with higher
/// fees, and cancels a handed-off transfer the merchant did not broadcast in time.
/// </summary>
/// <remarks>
/// Outcomes are published before the record commits; when the commit fails the next scan
/// publishes them again, and the saga ignores what it already handled.
/// </remarks>
public sealed partial class TransferWatcher(
    IWeb3 web3,
    TransferSettler settler,
    SignedVersionRecovery recovery,
    FeeOracle fees,
    IOptions<ChainOptions> chainOptions,
    IOptions<PaymentSettlementOptions> settlementOptions,
    TimeProvider time,
    ILogger<TransferWatcher> logger)
{
    private readonly ChainOptions _chain = chainOptions.Value;
    private readonly PaymentSettlementOptions _options = settlementOptions.Value;

    /// <summary>Looks at every open transfer once; returns how many reached an outcome.</summary>
    /// <remarks>Outcomes are published into <paramref name="session"/> (the pass's outbox) and commit with the transfers' changes.</remarks>
    public async Task<int> ScanOnceAsync(IDocumentSession session, IPublishEndpoint publish, CancellationToken ct)
    {
        var open = await session.Query<OutgoingTransfer>()
            .Where(t => t.State == TransferState.Signed || t.State == TransferState.Pending || t.State == TransferState.HandedOff ||
                        t.State == TransferState.Cancelling)
            .ToListAsync(ct);
        if (open.Count == 0)
            return 0;

        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var outcomes = 0;
        foreach (var transfer in open)
        {
            var before = transfer.UpdatedAt;
            if (await AdvanceAsync(transfer, head, ct) is { } outcome)
            {
                await publish.Publish(outcome, ct);
                outcomes++;
            }

            // Every change sets UpdatedAt.
            if (transfer.UpdatedAt != before)
                session.Store(transfer);
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            // The settle consumer moved one of them meanwhile; the next scan starts from its word.
        }

        return outcomes;
    }

    private async Task<object?> AdvanceAsync(OutgoingTransfer transfer, long head, CancellationToken ct)
    {
        // First whether the nonce is used in a block below the confirmed ones, then the receipts:
        // asked in this order, a version of ours mined there cannot be missed, so a used nonce
        // without one of our receipts went to a transaction that is not ours.
        var settledBlock = Math.Max(0, head - Math.Max(_chain.Confirmations, 1));
        var used = (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(transfer.From,
            new BlockParameter(new HexBigInteger(settledBlock)))).Value;

        if (await MinedVersionAsync(transfer, head) is { } mined)
            return mined.Outcome;

        if (used > transfer.Nonce)
        {
            // A version sent by a pass that then lost its commit (or died before it) is missing here but not at the Wallet.
            var adopted = await recovery.AdoptAsync(transfer.Id, transfer.AgentId, transfer.Ticket, relay: false, transfer.Versions, ct);
            if (adopted is null)
                return null;
            if (adopted == true)
            {
                transfer.UpdatedAt = time.GetUtcNow();
                if (await MinedVersionAsync(transfer, head) is { } found)
                    return found.Outcome;
            }

            if (await NonceUse.UsedElsewhereAsync(web3, transfer.From, transfer.Nonce, settledBlock, transfer.Versions.Select(v => v.Hash)))
            {
                LogNonceUsedElsewhere(transfer.Id, transfer.Nonce, settledBlock, string.Join(", ", transfer.Versions.Select(v => v.Hash)));
                return Fail(transfer, PaymentReason.NonceUsedElsewhere, null);
            }
        }

        var now = time.GetUtcNow();
        switch (transfer.State)
        {
            case TransferState.Signed:
                if (await settler.SendAsync(transfer.Latest.Raw, transfer.Id))
                    Sent(transfer, TransferState.Pending, now);
                break;
            case TransferState.HandedOff when now >= transfer.HandOffUntil:
                await CancelAsync(transfer, now, ct);
                break;
            case TransferState.Pending or TransferState.Cancelling when now - transfer.LastSentAt >= _options.StuckAfter:
                await UnstickAsync(transfer, now, ct);
                break;
        }

        return null;
    }

    // A mined version: its outcome once it has the confirmations (null until then); null while none is mined.
    private async Task<MinedVersion?> MinedVersionAsync(OutgoingTransfer transfer, long head)
    {
        if (await MinedVersions.FindAsync(web3, transfer.Versions) is not { } mined)
            return null;
        var block = (long)mined.Receipt.BlockNumber.Value;
        return new MinedVersion(head - block + 1 < _chain.Confirmations ? null : Mined(transfer, mined.Version, mined.Receipt, block));
    }

    // A version has a receipt; Outcome is what to publish (null while it waits for its confirmations).
    private readonly record struct MinedVersion(object? Outcome);

    private object? Mined(OutgoingTransfer transfer, TransferVersion version, TransactionReceipt receipt, long block)
    {
        transfer.TxHash = version.Hash;
        transfer.BlockNumber = block;
        transfer.UpdatedAt = time.GetUtcNow();
        if (version.Kind == SignTransferTransaction.Cancel)
        {
            LogCancelled(transfer.Id, version.Hash);
            return Fail(transfer, PaymentReason.CredentialUnused, version.Hash);
        }

        if (!receipt.Succeeded())
        {
            LogReverted(transfer.Id, version.Hash);
            return Fail(transfer, PaymentReason.TransferReverted, version.Hash);
        }

        transfer.State = TransferState.Confirmed;
        if (transfer.Mode == TransferMode.Broadcast)
            transfer.Credential = PaymentCredentials.ForHash(transfer.Protocol, transfer.Challenge, _chain.ChainId, transfer.From, version.Hash);
        LogConfirmed(transfer.Id, version.Hash, block);
        return transfer.Outcome();
    }

    private object? Fail(OutgoingTransfer transfer, PaymentReason reason, string? txHash)
    {
        transfer.State = TransferState.Failed;
        transfer.FailureReason = reason;
        transfer.TxHash ??= txHash;
        transfer.UpdatedAt = time.GetUtcNow();
        return transfer.Outcome();
    }

    // The merchant had its time: a zero-value transaction at the nonce, paying more than the
    // transfer, so the node takes it instead and the wallet's later transactions can follow.
    private async Task CancelAsync(OutgoingTransfer transfer, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = (await fees.SuggestAsync()).AtLeast(FeesOf(transfer.Latest).Bumped(_options.FeeBumpPercent));
        if (await settler.AnotherVersionAsync(transfer, SignTransferTransaction.Cancel, wanted, ct) is not { } cancel)
            return;
        AddVersion(transfer, cancel);
        LogCancelling(transfer.Id, transfer.Nonce);
        await settler.SendAsync(cancel.Raw, transfer.Id);
        Sent(transfer, TransferState.Cancelling, now);
    }

    private async Task UnstickAsync(OutgoingTransfer transfer, DateTimeOffset now, CancellationToken ct)
    {
        var latest = transfer.Latest;
        var known = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(latest.Hash);
        if (known is null)
        {
            // Dropped from the node's pool (a restart, an eviction): the same bytes again.
            LogResending(transfer.Id, latest.Hash);
            await settler.SendAsync(latest.Raw, transfer.Id);
            Sent(transfer, transfer.State, now);
            return;
        }

        var wanted = (await fees.SuggestAsync()).AtLeast(FeesOf(latest).Bumped(_options.FeeBumpPercent));
        if (await settler.AnotherVersionAsync(transfer, latest.Kind, wanted, ct) is not { } replacement)
            return;
        AddVersion(transfer, replacement);
        LogReplacing(transfer.Id, transfer.Nonce, replacement.MaxFeePerGas);
        await settler.SendAsync(replacement.Raw, transfer.Id);
        Sent(transfer, transfer.State, now);
    }

    private static void AddVersion(OutgoingTransfer transfer, TransferVersion version)
    {
        if (transfer.Versions.All(v => v.Hash != version.Hash))
            transfer.Versions.Add(version);
    }

    private static void Sent(OutgoingTransfer transfer, TransferState state, DateTimeOffset now)
    {
        transfer.State = state;
        transfer.LastSentAt = now;
        transfer.UpdatedAt = now;
    }

    private static Fees FeesOf(TransferVersion version) =>
        new(BigInteger.Parse(version.MaxFeePerGas, CultureInfo.InvariantCulture), BigInteger.Parse(version.MaxPriorityFeePerGas, CultureInfo.InvariantCulture));

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} settled on chain in {TxHash} (block {Block})")]
    private partial void LogConfirmed(Guid paymentId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Payment {PaymentId} failed: its wallet's nonce {Nonce} is used by block {Block}, by none of its versions ({Versions})")]
    private partial void LogNonceUsedElsewhere(Guid paymentId, long nonce, long block, string versions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}'s transfer {TxHash} reverted")]
    private partial void LogReverted(Guid paymentId, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId}'s transfer was not broadcast in time; cancelling nonce {Nonce}")]
    private partial void LogCancelling(Guid paymentId, long nonce);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId}'s transfer was cancelled by {TxHash}")]
    private partial void LogCancelled(Guid paymentId, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId}'s transaction {TxHash} was dropped by the node; sending it again")]
    private partial void LogResending(Guid paymentId, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId}'s transaction at nonce {Nonce} is stuck; replacing it at {MaxFeePerGas} wei per gas")]
    private partial void LogReplacing(Guid paymentId, long nonce, string maxFeePerGas);
}
