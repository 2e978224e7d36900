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
/// reorganisation never reaches the ledger. The cursor, the deposits and the messages announcing
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
    public async Task<IReadOnlyList<DepositObserved>> ScanOnceAsync(IDocumentSession session,
        Func<IDocumentSession, DepositObserved, CancellationToken, Task> announce, CancellationToken ct)
    {
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

        var cursor = await ScanCursor.LoadAsync(session, CursorId, _chain, ct);
        if (cursor.NextRange(head, _chain) is not { } range)
            return [];
        var (from, to) = range;

        await WarnIfCursorBlockWasReorganisedAsync(cursor);

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
            if (await session.LoadAsync<Deposit>(transfer.Id, ct) is not null)
                continue;

            var now = time.GetUtcNow();
            var deposit = new Deposit(transfer.Id, transfer.AgentId, transfer.To, transfer.From, transfer.Amount, transfer.Token, transfer.TxHash,
                transfer.LogIndex, transfer.BlockNumber, transfer.BlockHash, now);
            session.Insert(deposit);

            var observed = new DepositObserved(deposit.AgentId, deposit.Id, deposit.To, deposit.From, deposit.Amount, deposit.Token, deposit.TxHash,
                deposit.LogIndex, deposit.BlockNumber, now);
            await announce(session, observed, ct);
            recorded.Add(observed);
        }

        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(to));
        cursor.Advance(to, block.BlockHash, time.GetUtcNow());
        session.Store(cursor);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsLostRace(e))
        {
            // Another replica committed this range first; everything here was rolled back.
            LogLostRace(from, to);
            return [];
        }

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

    private static bool IsLostRace(Exception e) => e switch
    {
        JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsLostRace),
        _ => false,
    };

    // A reorganisation deeper than the configured confirmations replaced a block we already
    // processed. Deposits from it may not exist on the new chain: an operator must look.
    private async Task WarnIfCursorBlockWasReorganisedAsync(ScanCursor cursor)
    {
        if (cursor.LastBlockHash is null || cursor.LastBlock < 0)
            return;
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(cursor.LastBlock));
        if (!string.Equals(block?.BlockHash, cursor.LastBlockHash, StringComparison.OrdinalIgnoreCase))
            LogDeepReorg(cursor.LastBlock, cursor.LastBlockHash, block?.BlockHash, _chain.Confirmations);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} deposits in blocks {From}-{To}")]
    private partial void LogRecorded(int count, long from, long to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Blocks {From}-{To} were scanned by another replica first")]
    private partial void LogLostRace(long from, long to);

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Block {Block} changed from {Expected} to {Actual}: a reorganisation deeper than {Confirmations} confirmations. Check deposits credited from it.")]
    private partial void LogDeepReorg(long block, string expected, string? actual, int confirmations);
}
