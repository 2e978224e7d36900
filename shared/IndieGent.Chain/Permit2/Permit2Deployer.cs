using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain.Permit2;

/// <summary>Puts IndieGent's Permit2 (the embedded artifact) on a chain.</summary>
public static class Permit2Deployer
{
    /// <summary>Deploys Permit2 from <paramref name="web3"/>'s account, waits for the receipt, and returns a client for it.</summary>
    /// <exception cref="InvalidOperationException">The deployment failed on chain.</exception>
    public static async Task<Permit2Client> DeployAsync(IWeb3 web3, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        var receipt = await web3.Eth.GetContractDeploymentHandler<Permit2Deployment>()
            .SendRequestAndWaitForReceiptAsync(new Permit2Deployment(), cancellationToken);
        if (receipt.Succeeded() is false || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new InvalidOperationException($"Deploying Permit2 failed in transaction {receipt.TransactionHash}.");
        }

        return new Permit2Client(web3, EvmAddress.Parse(receipt.ContractAddress));
    }

    /// <summary>
    /// Places Permit2's runtime code at <paramref name="address"/> with <c>anvil_setCode</c> (development
    /// chains only: anvil, and Hardhat's node which has the same method), for example at
    /// <see cref="Permit2Signatures.CanonicalAddress"/> so clients that hard-code Uniswap's address
    /// find it. The code computes its EIP-712 domain from its own address, so signatures are made for
    /// <paramref name="address"/>. Storage already at the address (used nonces) is kept.
    /// </summary>
    /// <exception cref="InvalidOperationException">The chain did not take the code.</exception>
    public static async Task<Permit2Client> SetCodeAsync(IWeb3 web3, EvmAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        var code = Permit2Artifact.Embedded.DeployedBytecode;
        await web3.Client.SendRequestAsync(new RpcRequest(Guid.NewGuid().ToString("N"), "anvil_setCode", address.ToLowerHex(), code))
            .WaitAsync(cancellationToken);
        var placed = await web3.Eth.GetCode.SendRequestAsync(address.ToLowerHex()).WaitAsync(cancellationToken);
        if (!string.Equals(placed, code, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"anvil_setCode did not place Permit2's code at {address}.");
        }

        return new Permit2Client(web3, address);
    }

    /// <summary>The Permit2 creation transaction: the embedded bytecode (no constructor arguments).</summary>
    private sealed class Permit2Deployment() : ContractDeploymentMessage(Permit2Artifact.Embedded.Bytecode);
}
