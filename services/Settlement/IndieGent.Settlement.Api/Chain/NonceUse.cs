using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>
/// The one conclusion a watcher fails a transfer on — "its nonce went to a transaction that is none of ours" — drawn only on
/// positive evidence: the transaction that took the nonce, found in the block where the sender's count passed it, is not one
/// of ours; and the block asked about is the same before and after the question (a count read on the old chain and receipts
/// read on the new one, across a reorganisation, would otherwise fail a transfer whose transaction is mined again a moment later).
/// </summary>
public static class NonceUse
{
    /// <summary>
    /// The transaction that used <paramref name="sender"/>'s <paramref name="nonce"/> at or below <paramref name="settledBlock"/>
    /// when it is none of <paramref name="ours"/>, with that block the same before and after the question; otherwise null (not
    /// used, used by one of ours, or the chain moved while asked).
    /// </summary>
    public static async Task<string?> UsedElsewhereAsync(IWeb3 web3, string sender, long nonce, long settledBlock, IEnumerable<string> ours)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(ours);
        if (await HashOfAsync(web3, settledBlock) is not { } before)
            return null;
        if (await CountAsync(web3, sender, settledBlock) <= nonce)
            return null;
        var mine = new HashSet<string>(ours, StringComparer.OrdinalIgnoreCase);
        foreach (var hash in mine)
        {
            if (await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash) is not null)
                return null;
        }

        if (await TakerAsync(web3, sender, nonce, settledBlock) is not { } taker || mine.Contains(taker))
            return null;
        return string.Equals(before, await HashOfAsync(web3, settledBlock), StringComparison.OrdinalIgnoreCase) ? taker : null;
    }

    // The hash of the sender's transaction at the nonce: in the first block whose count passes it (a binary search on the count).
    private static async Task<string?> TakerAsync(IWeb3 web3, string sender, long nonce, long upTo)
    {
        var (low, high) = (0L, upTo);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (await CountAsync(web3, sender, middle) > nonce)
                high = middle;
            else
                low = middle + 1;
        }

        var block = await web3.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(new HexBigInteger(high));
        return block?.Transactions?.FirstOrDefault(t => string.Equals(t.From, sender, StringComparison.OrdinalIgnoreCase) && t.Nonce.Value == nonce)
            ?.TransactionHash;
    }

    private static async Task<long> CountAsync(IWeb3 web3, string sender, long block) =>
        (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender, new BlockParameter(new HexBigInteger(block)))).Value;

    private static async Task<string?> HashOfAsync(IWeb3 web3, long number) =>
        (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number)))?.BlockHash;
}
