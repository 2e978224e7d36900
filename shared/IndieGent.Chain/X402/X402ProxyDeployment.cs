using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain.X402;

/// <summary>What both proxy deployers do: deploy with the Permit2 address, and copy a deployment's code elsewhere.</summary>
internal static class X402ProxyDeployment
{
    /// <summary>Sends the creation transaction, waits for the receipt, and returns the new contract's address.</summary>
    public static async Task<EvmAddress> DeployAsync<TDeployment>(IWeb3 web3, TDeployment deployment, string contractName,
        CancellationToken cancellationToken)
        where TDeployment : ContractDeploymentMessage, new()
    {
        TransactionReceipt receipt;
        try
        {
            receipt = await web3.Eth.GetContractDeploymentHandler<TDeployment>()
                .SendRequestAndWaitForReceiptAsync(deployment, cancellationToken).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e is not X402ProxyRevertException)
        {
            throw new X402ProxyRevertException(e.ExceptionEncodedData);
        }
        // Nethereum does not decode a reverting constructor at gas estimation: the revert data is in the RPC error.
        catch (RpcResponseException e) when (CustomErrorData(e) is { } data)
        {
            throw new X402ProxyRevertException(data);
        }

        if (receipt.Succeeded() is false || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new InvalidOperationException($"Deploying {contractName} failed in transaction {receipt.TransactionHash}.");
        }

        return EvmAddress.Parse(receipt.ContractAddress);
    }

    private static string? CustomErrorData(RpcResponseException exception) =>
        exception.RpcError?.Data?.ToString() is { Length: >= 10 } data && data.StartsWith("0x", StringComparison.Ordinal) ? data : null;

    /// <summary>
    /// Copies the runtime code at <paramref name="from"/> (immutables included) to <paramref name="to"/> with
    /// <c>anvil_setCode</c>, and checks the chain took it.
    /// </summary>
    public static async Task CopyCodeAsync(IWeb3 web3, EvmAddress from, EvmAddress to, string contractName, CancellationToken cancellationToken)
    {
        var code = await web3.Eth.GetCode.SendRequestAsync(from.ToLowerHex()).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(code) || code == "0x")
        {
            throw new InvalidOperationException($"There is no code at {from} to copy.");
        }

        await web3.Client.SendRequestAsync(new RpcRequest(Guid.NewGuid().ToString("N"), "anvil_setCode", to.ToLowerHex(), code))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var placed = await web3.Eth.GetCode.SendRequestAsync(to.ToLowerHex()).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(placed, code, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"anvil_setCode did not place {contractName}'s code at {to}.");
        }
    }
}
