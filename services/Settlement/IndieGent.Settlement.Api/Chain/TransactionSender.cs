using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>Hands raw transactions to the node, reading its refusals the same way for every sender.</summary>
public sealed partial class TransactionSender(IWeb3 web3, ILogger<TransactionSender> logger)
{
    /// <summary>
    /// Sends a raw transaction. True when the node has it (accepted now, or already known, or its
    /// nonce already used: the watcher finds out by which); false when the node refused it.
    /// </summary>
    /// <param name="id">The payment or relay it belongs to, for the log.</param>
    public async Task<bool> SendAsync(string raw, Guid id)
    {
        try
        {
            await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(raw);
            return true;
        }
        catch (RpcResponseException e) when (e.RpcError?.Message is { } message &&
                                              (message.Contains("already known", StringComparison.OrdinalIgnoreCase) ||
                                               message.Contains("already imported", StringComparison.OrdinalIgnoreCase) ||
                                               message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        catch (RpcResponseException e)
        {
            LogSendRefused(id, e.RpcError?.Message ?? e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The node refused {Id}'s transaction: {Error}")]
    private partial void LogSendRefused(Guid id, string error);
}
