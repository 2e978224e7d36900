using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>
/// The one conclusion a watcher draws from a nonce alone — "it went to a transaction that is none of ours" — asked again
/// on one chain before it is drawn: a count read on the old chain and receipts read on the new one (a reorganisation
/// between the two) would otherwise fail a transfer whose transaction is mined again a moment later.
/// </summary>
public static class NonceUse
{
    /// <summary>
    /// Whether <paramref name="sender"/>'s <paramref name="nonce"/> is used at <paramref name="settledBlock"/> by none of
    /// <paramref name="ours"/>, with that block the same before and after the question.
    /// </summary>
    public static async Task<bool> UsedElsewhereAsync(IWeb3 web3, string sender, long nonce, long settledBlock, IEnumerable<string> ours)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(ours);
        if (await StableBlock.HashAtAsync(web3, settledBlock) is not { } before)
            return false;
        var used = (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender, new BlockParameter(new HexBigInteger(settledBlock)))).Value;
        if (used <= nonce)
            return false;
        foreach (var hash in ours)
        {
            if (await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash) is not null)
                return false;
        }

        return string.Equals(before, await StableBlock.HashAtAsync(web3, settledBlock), StringComparison.OrdinalIgnoreCase);
    }
}
