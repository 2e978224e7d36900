using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.Token.Events;
using IndieGent.Contracts.Payments;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Deposits;
using Marten;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// Follows the token's <c>AuthorizationUsed</c> logs in confirmed blocks: an authorization we
/// issued that is used there is <see cref="Confirmed"/>; one still unused once a confirmed block
/// reaches its <c>validBefore</c> can never be used, and its payment fails as AuthorizationExpired.
/// </summary>
/// <remarks>
/// The token refuses an authorization in a block whose timestamp is at or after validBefore, so if
/// none of the blocks up to such a block used it, none ever will: expiry is decided by the chain's
/// clock, never ours. Before one is called expired, the chain is asked whether it is used after all
/// (a block the scan skipped, a record reopened after its block was scanned): if so, its use is looked
/// for in every confirmed block since it was issued, and a use found nowhere is never called expired.
/// Messages are published before the cursor commits; when the commit fails they are published again
/// by the next scan, and the saga handles each outcome once.
/// </remarks>
public sealed partial class AuthorizationWatcher(
    IWeb3 web3, IOptions<ChainOptions> chainOptions, TimeProvider time, ILogger<AuthorizationWatcher> logger)
{
    private static readonly string AuthorizationUsedTopic = "0x" + EventExtensions.GetEventABI<AuthorizationUsedEvent>().Sha3Signature;
    private static readonly string TransferTopic = "0x" + EventExtensions.GetEventABI<TransferEvent>().Sha3Signature;

    private readonly ChainOptions _chain = chainOptions.Value;

    private string CursorId => CursorIdOf(_chain);

    /// <summary>The watcher's cursor: moved back by <see cref="SettlementReorgFollower"/> so that replaced blocks are scanned again.</summary>
    internal static string CursorIdOf(ChainOptions chain) => $"authorizations:{chain.ChainId}:{chain.TokenAddress.ToLowerInvariant()}";

    /// <summary>Scans the next confirmed range; returns how many payments reached an outcome.</summary>
    /// <remarks>What <paramref name="publish"/> stores in <paramref name="session"/> (the pass's outbox) commits with the cursor.</remarks>
    public async Task<int> ScanOnceAsync(IDocumentSession session, Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

        var cursor = await ScanCursor.LoadAsync(session, CursorId, _chain, ct);
        if (await cursor.IsReplacedAsync(web3))
        {
            // The settlement follower moves this cursor back when a reorganisation reaches below it; should its pass not have
            // yet, the blocks are not scanned on from a block the chain no longer has.
            await RewindAsync(session, cursor, ct);
            return 0;
        }

        if (cursor.NextRange(head, _chain) is not { } range)
            return 0;
        var (from, to) = range;
        // Read before the logs and again before the commit: the cursor must hold the hash of the chain the logs came from.
        if (await StableBlock.ReadAsync(web3, to) is not { } end)
            return 0;

        var now = time.GetUtcNow();
        // The watches this pass confirmed: the records read below are the database's, which does not know it yet.
        var confirmed = new HashSet<Guid>();

        foreach (var log in await AuthorizationsUsedAsync(from, to, null))
        {
            var used = Event<AuthorizationUsedEvent>.DecodeEvent(log).Event;
            var nonce = used.Nonce.ToHex(prefix: true).ToLowerInvariant();
            var authorizer = used.Authorizer.ToLowerInvariant();
            var watch = await session.Query<AuthorizationWatch>()
                .FirstOrDefaultAsync(w => w.Nonce == nonce && w.From == authorizer && w.State == AuthorizationWatchState.Watching, ct);
            if (watch is not null && confirmed.Add(watch.Id))
                await ConfirmAsync(session, watch, log.TransactionHash, (long)log.BlockNumber.Value, now, publish, ct);
        }

        await ConfirmPermitsAsync(session, from, to, now, confirmed, publish, ct);
        var outcomes = confirmed.Count;

        var blockTime = end.Timestamp;
        var expired = await session.Query<AuthorizationWatch>()
            .Where(w => w.State == AuthorizationWatchState.Watching && w.ValidBefore <= blockTime)
            .ToListAsync(ct);
        foreach (var watch in expired.Where(w => !confirmed.Contains(w.Id)))
        {
            if (await IsUsedAsync(watch, ct))
            {
                // Used, yet in no block this scan saw it in (one it skipped, or one scanned while the record was reopened): looked
                // for in every block since it was issued. Never called expired; found nowhere, a human must look.
                if (await LookBackAsync(session, watch, to, now, publish, ct))
                    outcomes++;
                else
                    LogUnattributed(watch.Id, watch.From);
                continue;
            }

            watch.State = AuthorizationWatchState.Expired;
            watch.UpdatedAt = now;
            session.Store(watch);
            await publish(watch.Outcome()!, ct);
            LogExpired(watch.Id, to);
            outcomes++;
        }

        // The chain changed while the pass read it: nothing is committed, and the range is scanned again.
        if (!await end.IsStillAsync(web3))
            return 0;
        cursor.Advance(to, end.Hash, now);
        session.Store(cursor);
        return await CommitAsync(session, ct) ? outcomes : 0;
    }

    private async Task RewindAsync(IDocumentSession session, ScanCursor cursor, CancellationToken ct)
    {
        var back = Math.Max(_chain.StartBlock - 1, cursor.LastBlock - _chain.ReorgDepth);
        var block = await StableBlock.ReadAsync(web3, back);
        var replaced = cursor.LastBlock;
        cursor.Advance(back, block?.Hash, time.GetUtcNow());
        session.Store(cursor);
        if (await CommitAsync(session, ct))
            LogRewound(replaced, back + 1);
    }

    private static async Task<bool> CommitAsync(IDocumentSession session, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException)
        {
            // Another replica (or the settlement follower) committed first; what it published is what we published.
            return false;
        }
    }

    // Permit2 emits nothing for a signature transfer: a permit is found by the token transfers out of its wallet, in a
    // transaction whose call data carries its nonce as an ABI word (Permit2 called directly or through any contract).
    // The amounts those transfers moved are what the payment settled, per recipient.
    private async Task ConfirmPermitsAsync(IDocumentSession session, long from, long to, DateTimeOffset now, HashSet<Guid> confirmed,
        Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var permits = await session.Query<AuthorizationWatch>()
            .Where(w => w.Kind == AuthorizationWatch.Permit2Kind && w.State == AuthorizationWatchState.Watching)
            .ToListAsync(ct);
        if (permits.Count > 0)
            await FindPermitsAsync(session, permits, from, to, now, confirmed, publish, ct);
    }

    private async Task FindPermitsAsync(IDocumentSession session, IReadOnlyList<AuthorizationWatch> permits, long from, long to, DateTimeOffset now,
        HashSet<Guid> confirmed, Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var owners = permits.Select(w => w.From).Distinct().ToArray();
        var logs = await web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = [_chain.TokenAddress],
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Topics = [TransferTopic, owners.Select(a => (object)Topic(a)).ToArray()],
        });
        foreach (var transaction in logs.GroupBy(l => l.TransactionHash.ToLowerInvariant()))
        {
            var input = (await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transaction.Key)).Input.ToLowerInvariant();
            var transfers = transaction.Select(l => Event<TransferEvent>.DecodeEvent(l)).ToList();
            foreach (var watch in permits.Where(w => !confirmed.Contains(w.Id) && CarriesWord(input, w.Nonce[2..])))
            {
                var shares = transfers.Where(t => string.Equals(t.Event.From, watch.From, StringComparison.OrdinalIgnoreCase))
                    .Select(t => new PaymentSplit(t.Event.To.ToLowerInvariant(), t.Event.Value.ToString(CultureInfo.InvariantCulture)))
                    .ToList();
                if (shares.Count == 0)
                    continue;
                watch.Value = shares.Aggregate(BigInteger.Zero, (sum, s) => sum + BigInteger.Parse(s.Amount, CultureInfo.InvariantCulture))
                    .ToString(CultureInfo.InvariantCulture);
                watch.Shares = shares.Count > 1 ? shares : null;
                confirmed.Add(watch.Id);
                await ConfirmAsync(session, watch, transaction.Key, (long)transaction.First().BlockNumber.Value, now, publish, ct);
            }
        }
    }

    private async Task ConfirmAsync(IDocumentSession session, AuthorizationWatch watch, string txHash, long block, DateTimeOffset now,
        Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        watch.State = AuthorizationWatchState.Confirmed;
        watch.TxHash = txHash.ToLowerInvariant();
        watch.BlockNumber = block;
        watch.UpdatedAt = now;
        session.Store(watch);
        await publish(watch.Outcome()!, ct);
        LogConfirmed(watch.Id, watch.TxHash, block);
    }

    // Whether the chain (its newest state) has the authorization or permit used.
    private Task<bool> IsUsedAsync(AuthorizationWatch watch, CancellationToken ct) =>
        watch.Kind == AuthorizationWatch.Permit2Kind
            ? new Permit2Client(web3, EvmAddress.Parse(_chain.Permit2Address)).IsNonceUsedAsync(EvmAddress.Parse(watch.From), NonceOf(watch), ct)
            : new TokenClient(web3, EvmAddress.Parse(_chain.TokenAddress)).AuthorizationStateAsync(EvmAddress.Parse(watch.From),
                Convert.FromHexString(watch.Nonce.AsSpan(2)), ct);

    // Looks for the use of one authorization or permit in the confirmed blocks since it was issued, newest first, a range at a
    // time; confirms it where found.
    private async Task<bool> LookBackAsync(IDocumentSession session, AuthorizationWatch watch, long to, DateTimeOffset now,
        Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        // A minute's leeway for the chain's clock against ours.
        var issued = watch.CreatedAt.ToUnixTimeSeconds() - 60;
        for (var high = to; high >= _chain.StartBlock;)
        {
            var low = Math.Max(_chain.StartBlock, high - _chain.MaxBlockRange + 1);
            if (watch.Kind == AuthorizationWatch.Permit2Kind)
            {
                var found = new HashSet<Guid>();
                await FindPermitsAsync(session, [watch], low, high, now, found, publish, ct);
                if (found.Count > 0)
                    return true;
            }
            else if ((await AuthorizationsUsedAsync(low, high, watch)).FirstOrDefault() is { } log)
            {
                await ConfirmAsync(session, watch, log.TransactionHash, (long)log.BlockNumber.Value, now, publish, ct);
                return true;
            }

            if (low == _chain.StartBlock || await StableBlock.ReadAsync(web3, low) is not { } first || first.Timestamp < issued)
                return false;
            high = low - 1;
        }

        return false;
    }

    // Whether the hex call data (0x, a 4-byte selector, then 32-byte words) holds the 64-hex-digit word at a word boundary.
    private static bool CarriesWord(string input, string word)
    {
        for (var at = input.IndexOf(word, StringComparison.Ordinal); at >= 0; at = input.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            if ((at - 10) % 64 == 0)
                return true;
        }

        return false;
    }

    private static BigInteger NonceOf(AuthorizationWatch watch) =>
        BigInteger.Parse(watch.Nonce.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var value && value.Sign < 0
            ? value + BigInteger.Pow(2, 256)
            : value;

    // The token's AuthorizationUsed logs in the blocks, every one or (given a watch) that authorization's.
    private Task<FilterLog[]> AuthorizationsUsedAsync(long from, long to, AuthorizationWatch? only) =>
        web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = [_chain.TokenAddress],
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Topics = only is null ? [AuthorizationUsedTopic] : [AuthorizationUsedTopic, Topic(only.From), only.Nonce],
        });

    // An address as an indexed event argument: a 32-byte word.
    private static string Topic(string address) => "0x" + address[2..].PadLeft(64, '0');

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} settled on chain in {TxHash} (block {Block})")]
    private partial void LogConfirmed(Guid paymentId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Payment {PaymentId}'s authorization is used on chain, but no confirmed block since it was issued shows a transaction out of {Owner} using it: not settled, not expired; look")]
    private partial void LogUnattributed(Guid paymentId, string owner);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The chain no longer has block {Block}, where the authorization scan stopped; scanning again from block {From}")]
    private partial void LogRewound(long block, long from);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId}'s authorization expired unused (confirmed through block {Block})")]
    private partial void LogExpired(Guid paymentId, long block);
}
