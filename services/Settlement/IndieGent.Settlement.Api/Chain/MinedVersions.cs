using IndieGent.Settlement.Api.Payments;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>Which of a transaction's versions (all at one nonce, so at most one can be mined) the chain holds.</summary>
public static class MinedVersions
{
    /// <summary>The mined version and its receipt, or null while none is. Newest first: a replacement or the cancellation is likelier to be it.</summary>
    public static async Task<(TransferVersion Version, TransactionReceipt Receipt)?> FindAsync(IWeb3 web3, IReadOnlyList<TransferVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(versions);
        for (var i = versions.Count - 1; i >= 0; i--)
        {
            if (await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(versions[i].Hash) is { } receipt)
                return (versions[i], receipt);
        }

        return null;
    }
}
