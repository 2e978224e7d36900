using IndieGent.Contracts.Payments;
using IndieGent.Contracts.Relaying;
using IndieGent.Contracts.Transfers;
using IndieGent.Messaging;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Settlement.Api.Relaying;
using Marten;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// Follows settlements the chain takes back. Its cursor is the highest block the watchers treat as confirmed; when the
/// chain no longer has that block (a reorganisation deeper than the confirmations), every settlement that ended in the last
/// <see cref="ChainOptions.ReorgDepth"/> blocks is looked up again, and one whose transaction is no longer confirmed where
/// it was is reopened and followed to its new inclusion or its failure:
/// <list type="bullet">
/// <item>an authorization or permit the merchant used is watched again (the authorization watcher scans those blocks
/// again; one declared expired there is watched again too, since the new blocks may use it);</item>
/// <item>a transaction we relayed or the agent signed is sent again, the very version that was mined, and its record
/// followed again by its watcher;</item>
/// <item>a payment that was confirmed is announced as <see cref="SettlementReorganisedOut"/>, a transfer as
/// <see cref="TransferReorganisedOut"/>: the Ledger holds the money again until the confirmation comes anew (captured
/// again) or the failure (released).</item>
/// </list>
/// A settlement still confirmed, in another block, keeps its outcome (its block is corrected).
/// </summary>
/// <remarks>
/// The records, the cursors and the messages commit together; the cursor's optimistic concurrency makes one replica's pass
/// win when two follow at once. A pass that fails to commit, or finds the chain changed under it (see <see cref="StableBlock"/>),
/// is done again by the next one, which finds the cursor where it was; transactions are sent again only after the commit.
/// Passes of one instance run one at a time.
/// </remarks>
public sealed partial class SettlementReorgFollower(
    IWeb3 web3, TransactionSender sender, IOptions<ChainOptions> chainOptions, TimeProvider time, ILogger<SettlementReorgFollower> logger)
{
    private readonly ChainOptions _chain = chainOptions.Value;

    // What a pass found, said once it committed: a pass that loses its commit to another replica (or to a watcher) says nothing.
    private readonly List<Action> _findings = [];

    // The transactions a pass reopened, sent again once it committed (a pass rolled back sends nothing; one that commits and
    // dies before sending leaves open records, which their watchers send again when the node does not know them).
    private readonly List<(string Raw, Guid Id)> _resends = [];

    private string CursorId => $"settlements:{_chain.ChainId}:{_chain.TokenAddress.ToLowerInvariant()}";

    /// <summary>One pass; returns how many settlements it reopened.</summary>
    /// <remarks>What <paramref name="publish"/> stores in <paramref name="session"/> (the pass's outbox) commits with the records.</remarks>
    public async Task<int> FollowOnceAsync(IDocumentSession session, Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        // The relay and transfer watchers confirm a block with Confirmations blocks counting itself; the authorization
        // watcher one more. The highest of those is what a reorganisation must not reach unseen.
        var tip = head - Math.Max(_chain.Confirmations - 1, 0);
        // Read before anything else and again before the commit: the cursor must hold the hash of the chain this pass saw.
        if (await StableBlock.ReadAsync(web3, tip) is not { } end)
            return 0;
        var cursor = await ScanCursor.LoadAsync(session, CursorId, _chain, ct);
        var reopened = 0;
        _findings.Clear();
        _resends.Clear();
        var replaced = await cursor.IsReplacedAsync(web3);
        if (replaced)
        {
            var floor = Math.Max(_chain.StartBlock, cursor.LastBlock - _chain.ReorgDepth + 1);
            var now = time.GetUtcNow();
            reopened += await ReopenAuthorizationsAsync(session, floor, tip, now, publish, ct);
            reopened += await ReopenRelaysAsync(session, floor, tip, now, publish, ct);
            reopened += await ReopenTransfersAsync(session, floor, tip, now, publish, ct);
            var (replacedBlock, count) = (cursor.LastBlock, reopened);
            _findings.Add(() => LogReorganisation(replacedBlock, _chain.Confirmations, count, floor));
        }
        else if (tip <= cursor.LastBlock)
        {
            return 0;
        }

        // The chain changed while the pass looked at it: nothing is committed, and the next pass finds the cursor's block replaced.
        if (!await end.IsStillAsync(web3))
            return 0;
        cursor.Advance(tip, end.Hash, time.GetUtcNow());
        session.Store(cursor);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsLostRace(e))
        {
            // Another replica (or a watcher moving a record meanwhile) committed first: everything here was rolled back,
            // and the next pass finds the cursor where it was.
            return 0;
        }

        foreach (var (raw, id) in _resends)
            await sender.SendAsync(raw, id);
        foreach (var finding in _findings)
            finding();
        return reopened;
    }

    private async Task<int> ReopenAuthorizationsAsync(IDocumentSession session, long floor, long tip, DateTimeOffset now,
        Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var reopened = 0;
        var confirmed = await session.Query<AuthorizationWatch>()
            .Where(w => w.State == AuthorizationWatchState.Confirmed && w.BlockNumber >= floor)
            .ToListAsync(ct);
        foreach (var watch in confirmed)
        {
            if (await ConfirmedBlockAsync(watch.TxHash!, tip) is { } block)
            {
                if (Moved(watch.Id, watch.TxHash!, watch.BlockNumber!.Value, block))
                {
                    (watch.BlockNumber, watch.UpdatedAt) = (block, now);
                    session.Store(watch);
                }
                continue;
            }

            var (txHash, was) = (watch.TxHash!, watch.BlockNumber!.Value);
            watch.State = AuthorizationWatchState.Watching;
            watch.TxHash = null;
            watch.BlockNumber = null;
            watch.Shares = null;
            watch.UpdatedAt = now;
            session.Store(watch);
            await publish(new SettlementReorganisedOut(watch.Id, txHash, was, watch.Value, now), ct);
            _findings.Add(() => LogReopened(watch.Id, txHash, was));
            reopened++;
        }

        // Declared expired from a block that may be gone: the new blocks may use it after all.
        var floorTime = (long)((await BlockAsync(floor))?.Timestamp.Value ?? 0);
        var expired = await session.Query<AuthorizationWatch>()
            .Where(w => w.State == AuthorizationWatchState.Expired && w.ValidBefore >= floorTime)
            .ToListAsync(ct);
        foreach (var watch in expired)
        {
            watch.State = AuthorizationWatchState.Watching;
            watch.UpdatedAt = now;
            session.Store(watch);
        }

        var authorizations = await ScanCursor.LoadAsync(session, AuthorizationWatcher.CursorIdOf(_chain), _chain, ct);
        if (authorizations.LastBlock >= floor)
        {
            authorizations.Advance(floor - 1, floor > 0 ? (await BlockAsync(floor - 1))?.BlockHash : null, now);
            session.Store(authorizations);
        }

        return reopened;
    }

    private async Task<int> ReopenRelaysAsync(IDocumentSession session, long floor, long tip, DateTimeOffset now,
        Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var reopened = 0;
        // In nonce order: the relayer's transactions go back to the node in the order the chain must take them.
        var ended = await session.Query<RelayedTransfer>()
            .Where(r => (r.State == RelayState.Confirmed || r.State == RelayState.Failed) && r.BlockNumber >= floor)
            .OrderBy(r => r.Nonce)
            .ToListAsync(ct);
        foreach (var relay in ended)
        {
            if (relay.TxHash is null || relay.Versions.FirstOrDefault(v => v.Hash == relay.TxHash) is not { } mined)
                continue;
            if (await ConfirmedBlockAsync(relay.TxHash, tip) is { } block)
            {
                if (Moved(relay.Id, relay.TxHash!, relay.BlockNumber!.Value, block))
                {
                    (relay.BlockNumber, relay.UpdatedAt) = (block, now);
                    session.Store(relay);
                }
                continue;
            }

            var (txHash, was, wasConfirmed) = (relay.TxHash, relay.BlockNumber!.Value, relay.State == RelayState.Confirmed);
            relay.State = mined.Kind == SignRelayedTransaction.Cancel ? RelayState.Cancelling : RelayState.Pending;
            relay.Failure = null;
            relay.TxHash = null;
            relay.BlockNumber = null;
            relay.LastSentAt = relay.UpdatedAt = now;
            session.Store(relay);
            _resends.Add((mined.Raw, relay.Id));
            if (wasConfirmed && relay.Purpose == RelayPurpose.Payment)
                await publish(new SettlementReorganisedOut(relay.Id, txHash, was, relay.Value, now), ct);
            else if (wasConfirmed && relay.Purpose == RelayPurpose.Transfer)
                await publish(new TransferReorganisedOut(relay.Id, txHash, was, relay.Value, now), ct);
            _findings.Add(() => LogReopened(relay.Id, txHash, was));
            reopened++;
        }

        return reopened;
    }

    private async Task<int> ReopenTransfersAsync(IDocumentSession session, long floor, long tip, DateTimeOffset now,
        Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var reopened = 0;
        var ended = await session.Query<OutgoingTransfer>()
            .Where(t => (t.State == TransferState.Confirmed || t.State == TransferState.Failed) && t.BlockNumber >= floor)
            .OrderBy(t => t.Nonce)
            .ToListAsync(ct);
        foreach (var transfer in ended)
        {
            if (transfer.TxHash is null || transfer.Versions.FirstOrDefault(v => v.Hash == transfer.TxHash) is not { } mined)
                continue;
            if (await ConfirmedBlockAsync(transfer.TxHash, tip) is { } block)
            {
                if (Moved(transfer.Id, transfer.TxHash!, transfer.BlockNumber!.Value, block))
                {
                    (transfer.BlockNumber, transfer.UpdatedAt) = (block, now);
                    session.Store(transfer);
                }
                continue;
            }

            var (txHash, was, wasConfirmed) = (transfer.TxHash, transfer.BlockNumber!.Value, transfer.State == TransferState.Confirmed);
            transfer.State = mined.Kind == SignTransferTransaction.Cancel ? TransferState.Cancelling : TransferState.Pending;
            transfer.FailureReason = null;
            transfer.TxHash = null;
            transfer.BlockNumber = null;
            transfer.LastSentAt = transfer.UpdatedAt = now;
            session.Store(transfer);
            // Anyone may send a signed transaction: the merchant's, handed off, is sent again by us.
            _resends.Add((mined.Raw, transfer.Id));
            if (wasConfirmed)
                await publish(new SettlementReorganisedOut(transfer.Id, txHash, was, transfer.Value, now), ct);
            _findings.Add(() => LogReopened(transfer.Id, txHash, was));
            reopened++;
        }

        return reopened;
    }

    // Whether a settlement still confirmed is in another block now (said once the pass commits); the caller moves it there.
    private bool Moved(Guid id, string txHash, long was, long block)
    {
        if (was == block)
            return false;
        _findings.Add(() => LogMoved(id, txHash, was, block));
        return true;
    }

    // The block the transaction is in on the chain as it is now, if that block is confirmed; null when it is in none
    // (dropped with the replaced blocks, or back in the node's pool) or not confirmed yet.
    private async Task<long?> ConfirmedBlockAsync(string txHash, long tip)
    {
        var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash);
        if (receipt?.BlockNumber is null)
            return null;
        var number = (long)receipt.BlockNumber.Value;
        if (number > tip)
            return null;
        var block = await BlockAsync(number);
        return string.Equals(block?.BlockHash, receipt.BlockHash, StringComparison.OrdinalIgnoreCase) ? number : null;
    }

    private Task<BlockWithTransactionHashes?> BlockAsync(long number) =>
        web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number))!;

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Block {Block} was replaced: a reorganisation deeper than {Confirmations} confirmations. {Reopened} settlements left the chain and are followed again (from block {Floor})")]
    private partial void LogReorganisation(long block, int confirmations, int reopened, long floor);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Id}'s settlement {TxHash} (block {Block}) left the chain: reopened and followed to its new inclusion or failure")]
    private partial void LogReopened(Guid id, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Id}'s settlement {TxHash} moved from block {From} to block {To} in a reorganisation; still confirmed")]
    private partial void LogMoved(Guid id, string txHash, long from, long to);
}
