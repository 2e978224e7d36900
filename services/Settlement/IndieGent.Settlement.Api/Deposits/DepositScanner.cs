using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Token.Events;
using IndieGent.Contracts.Funding;
using Marten;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using IndieGent.Settlement.Api.Chain;

namespace IndieGent.Settlement.Api.Deposits;

/// <summary>
/// Finds token transfers to agent wallets in confirmed blocks and records each as a deposit once.
/// </summary>
/// <remarks>
/// Only blocks at least <see cref="ChainOptions.Confirmations"/> deep are scanned, so a shallower
/// reorganisation never reaches the ledger. A deeper one is noticed when the last scanned block's
/// hash changes: every deposit credited from the last <see cref="ChainOptions.ReorgDepth"/> blocks
/// whose block was replaced is reversed (announced as <see cref="DepositReorganisedOut"/>), and those
/// blocks are scanned again, so a transfer the new chain holds is credited anew. The cursor, the deposits and the messages announcing
/// them are written in one transaction; the cursor uses optimistic concurrency, so when two
/// replicas scan the same range only one commits and the other's work is rolled back. A deposit
/// is published before the scan commits: if the commit then fails the next scan publishes it
/// again; consumers credit by deposit id, so the ledger is credited exactly once.
/// </remarks>
public sealed partial class DepositScanner(IWeb3 web3, IOptions<ChainOptions> chainOptions, TimeProvider time,
    ILogger<DepositScanner> logger)
{
    // How many addresses go into one eth_getLogs topic filter.
    private const int AddressesPerQuery = 100;

    private static readonly string TransferTopic = "0x" + EventExtensions.GetEventABI<TransferEvent>().Sha3Signature;

    private readonly ChainOptions _chain = chainOptions.Value;

    private string CursorId => $"deposits:{_chain.ChainId}:{_chain.TokenAddress.ToLowerInvariant()}";

    /// <summary>
    /// Scans the next confirmed range. <paramref name="announce"/> receives each new deposit with the
    /// session it is stored in (so an outbox can enlist the message in the same transaction).
    /// Returns the deposits recorded by this call.
    /// </summary>
    /// <param name="reorganisedOut">Receives each credited deposit a reorganisation removed (with the session, as <paramref name="announce"/>).</param>
    public async Task<IReadOnlyList<DepositObserved>> ScanOnceAsync(IDocumentSession session,
        Func<IDocumentSession, DepositObserved, CancellationToken, Task> announce, CancellationToken ct,
        Func<IDocumentSession, DepositReorganisedOut, CancellationToken, Task>? reorganisedOut = null)
    {
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

        var cursor = await ScanCursor.LoadAsync(session, CursorId, _chain, ct);
        var reorganised = await cursor.IsReplacedAsync(web3);
        if (reorganised)
            await FollowReorganisationAsync(session, cursor, reorganisedOut, ct);
        if (cursor.NextRange(head, _chain) is not { } range)
        {
            // A reorganisation followed is committed even when nothing new is confirmed yet.
            if (reorganised)
                await CommitAsync(session, cursor.LastBlock + 1, cursor.LastBlock);
            return [];
        }

        var (from, to) = range;
        // Read before the logs and again before the commit: the cursor must hold the hash of the chain the logs came from.
        if (await StableBlock.ReadAsync(web3, to) is not { } end)
            return [];

        // Wallets watched since the last scan: their deposits in blocks already scanned (before Settlement heard of them) too.
        var watched = await session.Query<WatchedAddress>().ToListAsync(ct);
        var newcomers = watched.Where(w => !w.Backfilled).ToList();
        var transfers = new List<TokenTransfer>();
        if (newcomers.Count > 0)
        {
            var backfillFrom = Math.Max(_chain.StartBlock, from - Math.Min(_chain.BackfillBlocks, _chain.MaxBlockRange));
            if (backfillFrom <= from - 1)
                transfers.AddRange(await DecodedTransfersToAsync(newcomers, backfillFrom, from - 1));
            foreach (var newcomer in newcomers)
                session.Store(newcomer with { Backfilled = true });
        }

        transfers.AddRange(await DecodedTransfersToAsync(watched, from, to));
        var recorded = new List<DepositObserved>();
        foreach (var transfer in transfers)
        {
            var now = time.GetUtcNow();
            Deposit deposit;
            switch (await session.LoadAsync<Deposit>(transfer.Id, ct))
            {
                case null:
                    deposit = new Deposit(transfer.Id, transfer.AgentId, transfer.To, transfer.From, transfer.Amount, transfer.Token, transfer.TxHash,
                        transfer.LogIndex, transfer.BlockNumber, transfer.BlockHash, now);
                    session.Insert(deposit);
                    break;
                case { ReversedAt: not null } reversed:
                    // Removed by a reorganisation, now mined again at the same place: a new credit.
                    deposit = reversed with
                    {
                        BlockNumber = transfer.BlockNumber, BlockHash = transfer.BlockHash, ObservedAt = now, ReversedAt = null,
                        Generation = reversed.Generation + 1,
                    };
                    session.Store(deposit);
                    break;
                default:
                    continue;
            }

            var observed = new DepositObserved(deposit.AgentId, deposit.CreditId, deposit.To, deposit.From, deposit.Amount, deposit.Token, deposit.TxHash,
                deposit.LogIndex, deposit.BlockNumber, now);
            await announce(session, observed, ct);
            recorded.Add(observed);
        }

        // The chain changed while the pass read it: nothing is committed (a deposit of the old chain would otherwise be credited
        // under a cursor that never finds its block replaced), and the range is scanned again.
        if (!await end.IsStillAsync(web3))
            return [];
        cursor.Advance(to, end.Hash, time.GetUtcNow());
        session.Store(cursor);
        if (!await CommitAsync(session, from, to))
            return [];

        if (recorded.Count > 0)
            LogRecorded(recorded.Count, from, to);
        return recorded;
    }

    /// <summary>
    /// Announces transfers to agent wallets in the blocks not yet confirmed (after the cursor, up to
    /// the head), once each, as <see cref="DepositDetected"/>: the operator sees a deposit as soon
    /// as it is mined. Nothing is credited from here; a transfer a reorganisation removes before its
    /// confirmations is never announced as observed. Returns how many were announced.
    /// </summary>
    public async Task<int> DetectPendingAsync(IDocumentSession session,
        Func<IDocumentSession, DepositDetected, CancellationToken, Task> announce, CancellationToken ct)
    {
        if (_chain.Confirmations == 0)
            return 0;
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var cursor = await ScanCursor.LoadAsync(session, CursorId, _chain, ct);
        var from = Math.Max(cursor.LastBlock + 1, head - _chain.MaxBlockRange + 1);
        if (from > head)
            return 0;

        var announced = 0;
        foreach (var transfer in await DecodedTransfersToAsync(await session.Query<WatchedAddress>().ToListAsync(ct), from, head))
        {
            if (await session.LoadAsync<Deposit>(transfer.Id, ct) is not null || await session.LoadAsync<PendingDeposit>(transfer.Id, ct) is not null)
                continue;
            var now = time.GetUtcNow();
            session.Insert(new PendingDeposit(transfer.Id, transfer.AgentId, transfer.TxHash, transfer.BlockNumber, now));
            await announce(session, new DepositDetected(transfer.AgentId, transfer.Id, transfer.To, transfer.From, transfer.Amount, transfer.Token,
                transfer.TxHash, transfer.LogIndex, transfer.BlockNumber, _chain.Confirmations, now), ct);
            announced++;
        }

        if (announced == 0)
            return 0;
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsLostRace(e))
        {
            // Another replica announced them first; everything here was rolled back.
            return 0;
        }

        return announced;
    }

    // Every Transfer of the token to one of these addresses in [from, to], decoded.
    private async Task<List<TokenTransfer>> DecodedTransfersToAsync(IReadOnlyList<WatchedAddress> addresses, long from, long to)
    {
        var watched = addresses.ToDictionary(w => w.Id, w => w.AgentId);
        var transfers = new List<TokenTransfer>();
        foreach (var chunk in watched.Keys.Chunk(AddressesPerQuery))
        {
            foreach (var log in await TransfersToAsync(chunk, from, to))
            {
                var transfer = Event<TransferEvent>.DecodeEvent(log).Event;
                var toAddress = EvmAddress.Parse(transfer.To).ToLowerHex();
                if (!watched.TryGetValue(toAddress, out var agentId) || transfer.Value <= BigInteger.Zero)
                    continue;
                var logIndex = (long)log.LogIndex.Value;
                var txHash = log.TransactionHash.ToLowerInvariant();
                transfers.Add(new TokenTransfer($"{_chain.ChainId}:{txHash}:{logIndex}", agentId, toAddress,
                    EvmAddress.Parse(transfer.From).ToLowerHex(), transfer.Value.ToString(), _chain.TokenAddress.ToLowerInvariant(), txHash, logIndex,
                    (long)log.BlockNumber.Value, log.BlockHash));
            }
        }

        return transfers;
    }

    private sealed record TokenTransfer(
        string Id, Guid AgentId, string To, string From, string Amount, string Token, string TxHash, long LogIndex, long BlockNumber, string BlockHash);

    private async Task<FilterLog[]> TransfersToAsync(string[] addresses, long from, long to)
    {
        var filter = new NewFilterInput
        {
            Address = [_chain.TokenAddress],
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            // Transfer(from, to, value): any sender, one of our addresses as recipient.
            Topics = [TransferTopic, null, addresses.Select(a => (object)("0x" + a[2..].PadLeft(64, '0'))).ToArray()],
        };
        return await web3.Eth.Filters.GetLogs.SendRequestAsync(filter);
    }

    // The pass's writes, the cursor among them; false when another replica committed the same range first (all rolled back).
    private async Task<bool> CommitAsync(IDocumentSession session, long from, long to)
    {
        try
        {
            await session.SaveChangesAsync();
            return true;
        }
        catch (Exception e) when (IsLostRace(e))
        {
            LogLostRace(from, to);
            return false;
        }
    }

    private static bool IsLostRace(Exception e) => e switch
    {
        JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsLostRace),
        _ => false,
    };

    // Reverses every deposit credited from the last ReorgDepth blocks whose block the chain no longer has, and moves the cursor
    // back before them, so those blocks are scanned again: what the new chain holds there is credited (anew) from there.
    private async Task FollowReorganisationAsync(IDocumentSession session, ScanCursor cursor,
        Func<IDocumentSession, DepositReorganisedOut, CancellationToken, Task>? reorganisedOut, CancellationToken ct)
    {
        var floor = Math.Max(_chain.StartBlock, cursor.LastBlock - _chain.ReorgDepth + 1);
        var credited = await session.Query<Deposit>().Where(d => d.BlockNumber >= floor && d.ReversedAt == null).ToListAsync(ct);
        var now = time.GetUtcNow();
        var reversed = 0;
        foreach (var group in credited.GroupBy(d => d.BlockNumber))
        {
            var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(group.Key));
            foreach (var deposit in group.Where(d => !string.Equals(block?.BlockHash, d.BlockHash, StringComparison.OrdinalIgnoreCase)))
            {
                session.Store(deposit with { ReversedAt = now });
                LogReorganisedOut(deposit.CreditId, deposit.AgentId, deposit.Amount, deposit.BlockNumber);
                if (reorganisedOut is not null)
                {
                    await reorganisedOut(session, new DepositReorganisedOut(deposit.AgentId, deposit.CreditId, deposit.To, deposit.Amount, deposit.TxHash,
                        deposit.BlockNumber, deposit.BlockHash, now), ct);
                }

                reversed++;
            }
        }

        var before = floor > 0 ? await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(floor - 1)) : null;
        LogReorganisation(cursor.LastBlock, _chain.Confirmations, reversed, floor);
        cursor.Advance(floor - 1, before?.BlockHash, now);
        session.Store(cursor);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} deposits in blocks {From}-{To}")]
    private partial void LogRecorded(int count, long from, long to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Blocks {From}-{To} were scanned by another replica first")]
    private partial void LogLostRace(long from, long to);

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Block {Block} was replaced: a reorganisation deeper than {Confirmations} confirmations. {Reversed} credited deposits reversed; scanning again from block {Floor}")]
    private partial void LogReorganisation(long block, int confirmations, int reversed, long floor);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Deposit {DepositId} of {AgentId} ({Amount}) left the chain with block {Block}: its credit is reversed")]
    private partial void LogReorganisedOut(string depositId, Guid agentId, string amount, long block);
}
