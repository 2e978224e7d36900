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
/// clock, never ours. Messages are published before the cursor commits; when the commit fails they
/// are published again by the next scan, and the saga handles each outcome once.
/// </remarks>
public sealed partial class AuthorizationWatcher(
    IWeb3 web3, IOptions<ChainOptions> chainOptions, TimeProvider time, ILogger<AuthorizationWatcher> logger)
{
    private static readonly string AuthorizationUsedTopic = "0x" + EventExtensions.GetEventABI<AuthorizationUsedEvent>().Sha3Signature;

    private readonly ChainOptions _chain = chainOptions.Value;

    private string CursorId => $"authorizations:{_chain.ChainId}:{_chain.TokenAddress.ToLowerInvariant()}";

    /// <summary>Scans the next confirmed range; returns how many payments reached an outcome.</summary>
    /// <remarks>What <paramref name="publish"/> stores in <paramref name="session"/> (the pass's outbox) commits with the cursor.</remarks>
    public async Task<int> ScanOnceAsync(IDocumentSession session, Func<object, CancellationToken, Task> publish, CancellationToken ct)
    {
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

        var cursor = await ScanCursor.LoadAsync(session, CursorId, _chain, ct);
        if (cursor.NextRange(head, _chain) is not { } range)
            return 0;
        var (from, to) = range;

        var outcomes = 0;
        var now = time.GetUtcNow();

        foreach (var log in await AuthorizationsUsedAsync(from, to))
        {
            var used = Event<AuthorizationUsedEvent>.DecodeEvent(log).Event;
            var nonce = used.Nonce.ToHex(prefix: true).ToLowerInvariant();
            var authorizer = used.Authorizer.ToLowerInvariant();
            var watch = await session.Query<AuthorizationWatch>()
                .FirstOrDefaultAsync(w => w.Nonce == nonce && w.From == authorizer && w.State == AuthorizationWatchState.Watching, ct);
            if (watch is null)
                continue;

            watch.State = AuthorizationWatchState.Confirmed;
            watch.TxHash = log.TransactionHash.ToLowerInvariant();
            watch.BlockNumber = (long)log.BlockNumber.Value;
            watch.UpdatedAt = now;
            session.Store(watch);
            await publish(watch.Outcome()!, ct);
            LogConfirmed(watch.Id, watch.TxHash, watch.BlockNumber.Value);
            outcomes++;
        }

        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(to));
        var blockTime = (long)block.Timestamp.Value;
        var expired = await session.Query<AuthorizationWatch>()
            .Where(w => w.State == AuthorizationWatchState.Watching && w.ValidBefore <= blockTime)
            .ToListAsync(ct);
        foreach (var watch in expired)
        {
            watch.State = AuthorizationWatchState.Expired;
            watch.UpdatedAt = now;
            session.Store(watch);
            await publish(watch.Outcome()!, ct);
            LogExpired(watch.Id, to);
            outcomes++;
        }

        cursor.Advance(to, block.BlockHash, now);
        session.Store(cursor);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException)
        {
            // Another replica committed this range first; what it published is what we published.
            return 0;
        }

        return outcomes;
    }

    private Task<FilterLog[]> AuthorizationsUsedAsync(long from, long to) =>
        web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = [_chain.TokenAddress],
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Topics = [AuthorizationUsedTopic],
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} settled on chain in {TxHash} (block {Block})")]
    private partial void LogConfirmed(Guid paymentId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId}'s authorization expired unused (confirmed through block {Block})")]
    private partial void LogExpired(Guid paymentId, long block);
}
