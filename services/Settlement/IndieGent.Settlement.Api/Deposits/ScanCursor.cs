using IndieGent.Settlement.Api.Chain;
using Marten;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Deposits;

/// <summary>How far a chain scanner got: the last fully processed block and its hash.</summary>
public sealed class ScanCursor
{
    public string Id { get; set; } = "";

    public long LastBlock { get; set; }

    public string? LastBlockHash { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The stored cursor, or a new one just before the configured start block.</summary>
    public static async Task<ScanCursor> LoadAsync(IDocumentSession session, string id, ChainOptions chain, CancellationToken ct) =>
        await session.LoadAsync<ScanCursor>(id, ct) ?? new ScanCursor { Id = id, LastBlock = chain.StartBlock - 1 };

    /// <summary>
    /// The next blocks to scan: after the cursor, confirmed at <paramref name="head"/>, at most
    /// <see cref="ChainOptions.MaxBlockRange"/> of them; <see langword="null"/> when none is confirmed yet.
    /// </summary>
    public (long From, long To)? NextRange(long head, ChainOptions chain)
    {
        var safe = head - chain.Confirmations;
        return safe <= LastBlock ? null : (LastBlock + 1, Math.Min(safe, LastBlock + chain.MaxBlockRange));
    }

    /// <summary>
    /// Whether the chain no longer has the block the cursor stopped at (another block there, or none): a reorganisation
    /// replaced it and, maybe, blocks below it. A block's hash covers its parent's, so an unchanged last block means an
    /// unchanged past.
    /// </summary>
    public async Task<bool> IsReplacedAsync(IWeb3 web3)
    {
        if (LastBlockHash is null || LastBlock < 0)
            return false;
        return !string.Equals(await StableBlock.HashAtAsync(web3, LastBlock), LastBlockHash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Moves the cursor to a scanned block, to be stored with what the scan wrote.</summary>
    public void Advance(long block, string? hash, DateTimeOffset at)
    {
        LastBlock = block;
        LastBlockHash = hash;
        UpdatedAt = at;
    }
}
