using System.Globalization;
using System.Numerics;
using IndieGent.Contracts.Relaying;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Payments;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// Follows every open <see cref="RelayedTransfer"/> until one of its versions is mined with the
/// configured confirmations: confirmed, or failed when it reverted, was cancelled, or its nonce
/// went to a transaction that is not one of its versions. Meanwhile it signs what holds a nonce
/// and nothing signed yet, sends what was signed but not sent, sends again what the node dropped,
/// replaces what is stuck with higher fees, and cancels the nonce of a relay that can no longer pay.
/// </summary>
/// <remarks>
/// All relays share one sender, the relayer, and each holds a nonce no other relay holds (the
/// counter and the Wallet both see to it), so every transaction at a relay's nonce is one of its
/// versions or none of ours: "a used nonce without one of our receipts went to a transaction that
/// is not ours" stays true — with "ours" the versions the Wallet signed, asked for when the record has
/// no receipt (it may lack a version a pass sent and then failed to commit). The used count is read once per pass, before any receipt, so a version
/// mined below the confirmed block cannot be missed. Outcomes are published before the records
/// commit; when the commit fails the next pass publishes them again, and the saga ignores repeats.
/// </remarks>
public sealed partial class RelayWatcher(
    IWeb3 web3,
    Relayer relayer,
    FeeOracle fees,
    RelayerMetrics metrics,
    SignedVersionRecovery recovery,
    IEnumerable<IRelayOutcomes> outcomes,
    IOptions<ChainOptions> chainOptions,
    IOptions<PaymentSettlementOptions> settlementOptions,
    TimeProvider time,
    ILogger<RelayWatcher> logger)
{
    private readonly ChainOptions _chain = chainOptions.Value;
    private readonly PaymentSettlementOptions _options = settlementOptions.Value;
    private readonly Dictionary<RelayPurpose, IRelayOutcomes> _outcomes = outcomes.ToDictionary(o => o.Purpose);

    /// <summary>Looks at every open relay once; returns how many reached an outcome.</summary>
    public async Task<int> ScanOnceAsync(IDocumentSession session, IPublishEndpoint publish, CancellationToken ct)
    {
        var open = await session.Query<RelayedTransfer>()
            .Where(t => t.State == RelayState.Reserved || t.State == RelayState.Signed || t.State == RelayState.Pending ||
                        t.State == RelayState.Cancelling)
            .OrderBy(t => t.Nonce)
            .ToListAsync(ct);
        metrics.Pending = open.Count;
        if (open.Count == 0)
            return 0;

        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var settledBlock = SettledBlock(head);
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var sender in open.Select(t => t.Relayer).Distinct())
            used[sender] = (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender,
                new BlockParameter(new HexBigInteger(settledBlock)))).Value;

        var reached = 0;
        foreach (var transfer in open)
        {
            var before = transfer.UpdatedAt;
            var wasBroadcast = transfer.State == RelayState.Pending;
            await AdvanceAsync(transfer, head, used[transfer.Relayer], ct);
            if (transfer.UpdatedAt != before)
            {
                session.Store(transfer);
                var announce = !transfer.IsOpen || (transfer.State == RelayState.Pending && !wasBroadcast);
                if (announce && _outcomes.TryGetValue(transfer.Purpose, out var purpose) && purpose.Outcome(transfer) is { } outcome)
                    await publish.Publish(outcome, outcome.GetType(), ct);
                if (!transfer.IsOpen)
                    reached++;
            }
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            // The request path moved one of them meanwhile; the next pass starts from its word.
        }

        return reached;
    }

    private async Task AdvanceAsync(RelayedTransfer transfer, long head, long used, CancellationToken ct)
    {
        // A used nonce of a record with nothing signed: what the Wallet signed there (a request path that
        // crashed after sending, before recording) is asked for first, so its receipt is not missed.
        if (used > transfer.Nonce && transfer.State == RelayState.Reserved)
            await relayer.SignNextAsync(transfer, await fees.SuggestAsync(), ct);

        if (await FoundMinedAsync(transfer, head))
            return;

        if (used > transfer.Nonce)
        {
            // A version sent by a pass that then lost its commit (or died before it) is missing here but not at the Wallet.
            var adopted = await recovery.AdoptAsync(transfer.Id, transfer.AgentId, transfer.Ticket, relay: true, transfer.Versions, ct);
            if (adopted is null)
                return;
            if (adopted == true)
            {
                transfer.UpdatedAt = time.GetUtcNow();
                if (await FoundMinedAsync(transfer, head))
                    return;
            }

            var settledBlock = SettledBlock(head);
            if (await NonceUse.UsedElsewhereAsync(web3, transfer.Relayer, transfer.Nonce, settledBlock, transfer.Versions.Select(v => v.Hash)))
            {
                LogNonceUsedElsewhere(transfer.Id, transfer.Nonce, settledBlock, string.Join(", ", transfer.Versions.Select(v => v.Hash)));
                End(transfer, RelayState.Failed, RelayFailure.NonceUsedElsewhere, RelayerMetrics.NonceUsedElsewhere);
                return;
            }
        }

        var now = time.GetUtcNow();
        switch (transfer.State)
        {
            // The request path signs it at once; a record left here is one whose path crashed or was refused.
            case RelayState.Reserved when now - transfer.UpdatedAt >= _options.SignerTimeout:
                if (await relayer.SignNextAsync(transfer, await fees.SuggestAsync(), ct))
                    await relayer.SendLatestAsync(transfer);
                break;
            case RelayState.Signed:
                await relayer.SendLatestAsync(transfer);
                break;
            case RelayState.Pending or RelayState.Cancelling when now - transfer.LastSentAt >= _options.StuckAfter:
                await UnstickAsync(transfer, now, ct);
                break;
        }
    }

    // Whether a version is mined (ended as Mined once it has the confirmations).
    private async Task<bool> FoundMinedAsync(RelayedTransfer transfer, long head)
    {
        if (await MinedVersions.FindAsync(web3, transfer.Versions) is not { } mined)
            return false;
        var block = (long)mined.Receipt.BlockNumber.Value;
        if (head - block + 1 >= _chain.Confirmations)
            Mined(transfer, mined.Version, mined.Receipt, block);
        return true;
    }

    // The newest block below the ones not yet confirmed: a nonce counted there is not taken back by a shallow reorganisation.
    private long SettledBlock(long head) => Math.Max(0, head - Math.Max(_chain.Confirmations, 1));

    private void Mined(RelayedTransfer transfer, TransferVersion version, TransactionReceipt receipt, long block)
    {
        transfer.TxHash = version.Hash;
        transfer.BlockNumber = block;
        if (version.Kind == SignRelayedTransaction.Cancel)
        {
            LogCancelled(transfer.Id, transfer.Nonce, version.Hash);
            End(transfer, RelayState.Failed, transfer.CancelledBecause ?? RelayFailure.Refused, RelayerMetrics.Cancelled);
        }
        else if (!receipt.Succeeded())
        {
            LogReverted(transfer.Id, version.Hash);
            End(transfer, RelayState.Failed, RelayFailure.Reverted, RelayerMetrics.Reverted);
        }
        else
        {
            LogConfirmed(transfer.Id, version.Hash, block);
            End(transfer, RelayState.Confirmed, null, RelayerMetrics.Confirmed);
        }
    }

    private void End(RelayedTransfer transfer, RelayState state, RelayFailure? failure, string outcome)
    {
        transfer.State = state;
        transfer.Failure = failure;
        transfer.UpdatedAt = time.GetUtcNow();
        metrics.Submitted(outcome);
    }

    private async Task UnstickAsync(RelayedTransfer transfer, DateTimeOffset now, CancellationToken ct)
    {
        var latest = transfer.Latest!;
        var wanted = (await fees.SuggestAsync()).AtLeast(FeesOf(latest).Bumped(_options.FeeBumpPercent));
        // A relay that can no longer pay is not bumped but cancelled: its nonce still has to be used.
        if (transfer.State == RelayState.Pending && await relayer.WhyUnpayableAsync(transfer) is { } why)
        {
            transfer.CancelledBecause = why;
            if (await relayer.SignNextAsync(transfer, wanted, ct))
                await relayer.SendLatestAsync(transfer);
            return;
        }

        if (await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(latest.Hash) is null)
        {
            // Dropped from the node's pool (a restart, an eviction): the same bytes again.
            LogResending(transfer.Id, latest.Hash);
            transfer.State = RelayState.Signed;
            await relayer.SendLatestAsync(transfer);
            if (transfer.State == RelayState.Signed)
                transfer.UpdatedAt = now;
            return;
        }

        if (!await relayer.ReplaceAsync(transfer, wanted, ct))
            return;
        LogReplacing(transfer.Id, transfer.Nonce, transfer.Latest!.MaxFeePerGas);
        metrics.Submitted(RelayerMetrics.Replaced);
        transfer.State = RelayState.Signed;
        await relayer.SendLatestAsync(transfer);
    }

    private static Fees FeesOf(TransferVersion version) =>
        new(BigInteger.Parse(version.MaxFeePerGas, CultureInfo.InvariantCulture), BigInteger.Parse(version.MaxPriorityFeePerGas, CultureInfo.InvariantCulture));

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {RelayId} confirmed on chain in {TxHash} (block {Block})")]
    private partial void LogConfirmed(Guid relayId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {RelayId}'s transaction {TxHash} reverted")]
    private partial void LogReverted(Guid relayId, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {RelayId}'s nonce {Nonce} was consumed by its cancellation {TxHash}")]
    private partial void LogCancelled(Guid relayId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Relay {RelayId} failed: relayer nonce {Nonce} is used by block {Block}, by none of its versions ({Versions})")]
    private partial void LogNonceUsedElsewhere(Guid relayId, long nonce, long block, string versions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {RelayId}'s transaction {TxHash} was dropped by the node; sending it again")]
    private partial void LogResending(Guid relayId, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {RelayId} at nonce {Nonce} is stuck; replacing it at {MaxFeePerGas} wei per gas")]
    private partial void LogReplacing(Guid relayId, long nonce, string maxFeePerGas);
}
