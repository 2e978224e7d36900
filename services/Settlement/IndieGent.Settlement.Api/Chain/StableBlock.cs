using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>
/// The block a chain follower's pass ends at, read before the pass looks at the chain and read again before it commits.
/// A cursor stores a block's hash so that the next pass can tell whether a reorganisation replaced it; that hash must be of
/// the chain the pass looked at. Read after the logs or the receipts, it can be the new chain's while what the pass saw
/// was the old one's — and a cursor holding the new hash never finds the blocks it skipped replaced. So the hash is read
/// first, and the pass commits only when the chain still has that block: a block's hash covers every block below it, so
/// the same hash twice means one chain throughout.
/// </summary>
public sealed class StableBlock
{
    private StableBlock(long number, string hash, long timestamp) => (Number, Hash, Timestamp) = (number, hash, timestamp);

    public long Number { get; }

    public string Hash { get; }

    /// <summary>Unix seconds.</summary>
    public long Timestamp { get; }

    /// <summary>The chain's block at <paramref name="number"/> now; null when the chain is shorter (taken back by a reorganisation under way).</summary>
    public static async Task<StableBlock?> ReadAsync(IWeb3 web3, long number)
    {
        ArgumentNullException.ThrowIfNull(web3);
        if (number < 0)
            return null;
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));
        return block?.BlockHash is { } hash ? new StableBlock(number, hash, (long)block.Timestamp.Value) : null;
    }

    /// <summary>Whether the chain still has this block: when not, what the pass read may be of another chain, and it must not commit.</summary>
    public async Task<bool> IsStillAsync(IWeb3 web3) => string.Equals(await HashAtAsync(web3, Number), Hash, StringComparison.OrdinalIgnoreCase);

    /// <summary>The hash of the chain's block at <paramref name="number"/> now; null when the chain has none there.</summary>
    public static async Task<string?> HashAtAsync(IWeb3 web3, long number)
    {
        ArgumentNullException.ThrowIfNull(web3);
        return (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number)))?.BlockHash;
    }
}
