using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain.X402;

/// <summary>
/// What both proxy deployers (<see cref="X402UptoPermit2ProxyDeployer"/>, <see cref="X402ExactPermit2ProxyDeployer"/>)
/// do, given the proxy's artifact: deploy it with the Permit2 address, and place it at another address by
/// copying a deployment's code there.
/// </summary>
internal static class X402ProxyDeployment
{
    /// <summary>
    /// Deploys <paramref name="artifact"/> from <paramref name="web3"/>'s account with <paramref name="permit2"/>
    /// as its Permit2, waits for the receipt, and returns the new contract's address.
    /// </summary>
    /// <exception cref="X402ProxyRevertException"><paramref name="permit2"/> is the zero address (<c>InvalidPermit2Address</c>); nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed on chain.</exception>
    public static async Task<EvmAddress> DeployAsync(IWeb3 web3, X402ProxyArtifact artifact, EvmAddress permit2,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        var deployment = new Deployment { ByteCode = artifact.Bytecode, Permit2 = permit2.ToChecksumHex() };
        TransactionReceipt receipt;
        try
        {
            receipt = await web3.Eth.GetContractDeploymentHandler<Deployment>()
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
            throw new InvalidOperationException($"Deploying {artifact.ContractName} failed in transaction {receipt.TransactionHash}.");
        }

        return EvmAddress.Parse(receipt.ContractAddress);
    }

    private static string? CustomErrorData(RpcResponseException exception) =>
        exception.RpcError?.Data?.ToString() is { Length: >= 10 } data && data.StartsWith("0x", StringComparison.Ordinal) ? data : null;

    /// <summary>
    /// Deploys <paramref name="artifact"/> with <paramref name="permit2"/> (see <see cref="DeployAsync"/>), then
    /// copies the deployment's runtime code, the Permit2 immutable included, to <paramref name="address"/> with
    /// <c>anvil_setCode</c> (development chains only), and returns <paramref name="address"/>.
    /// </summary>
    /// <exception cref="X402ProxyRevertException"><paramref name="permit2"/> is the zero address; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed, or the chain did not take the code.</exception>
    public static async Task<EvmAddress> PlaceAtAsync(IWeb3 web3, X402ProxyArtifact artifact, EvmAddress address, EvmAddress permit2,
        CancellationToken cancellationToken)
    {
        var deployed = await DeployAsync(web3, artifact, permit2, cancellationToken).ConfigureAwait(false);
        await CopyCodeAsync(web3, deployed, address, artifact.ContractName, cancellationToken).ConfigureAwait(false);
        return address;
    }

    /// <summary>
    /// Copies the runtime code at <paramref name="from"/> (immutables included) to <paramref name="to"/> with
    /// <c>anvil_setCode</c>, and checks the chain took it.
    /// </summary>
    private static async Task CopyCodeAsync(IWeb3 web3, EvmAddress from, EvmAddress to, string contractName, CancellationToken cancellationToken)
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

    /// <summary>The creation transaction: the artifact's bytecode and the constructor's <c>permit2</c>.</summary>
    private sealed class Deployment : ContractDeploymentMessage
    {
        public Deployment()
            : base(string.Empty)
        {
        }

        [Parameter("address", "permit2", 1)]
        public string Permit2 { get; set; } = string.Empty;
    }
}
