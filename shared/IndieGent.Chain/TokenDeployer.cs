using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain;

/// <summary>Deploys IndieUSDC from the embedded artifact.</summary>
public static class TokenDeployer
{
    /// <summary>
    /// Deploys the token from <paramref name="web3"/>'s account, which becomes its owner (the only
    /// minter), waits for the receipt, mints <see cref="TokenDeploymentOptions.InitialMints"/>, and
    /// returns the token address. From a fresh account the address is
    /// <see cref="ContractAddress.Predict"/>(account, 0).
    /// </summary>
    /// <exception cref="InvalidOperationException">The deployment or a mint failed on chain.</exception>
    public static async Task<EvmAddress> DeployAsync(IWeb3 web3, TokenDeploymentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var deployment = new IndieUsdcDeployment { Name = options.Name, Symbol = options.Symbol, Version = options.Version };
        var receipt = await web3.Eth.GetContractDeploymentHandler<IndieUsdcDeployment>()
            .SendRequestAndWaitForReceiptAsync(deployment, cancellationToken);
        if (receipt.Succeeded() is false || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new InvalidOperationException($"Deploying IndieUSDC failed in transaction {receipt.TransactionHash}.");
        }

        var token = EvmAddress.Parse(receipt.ContractAddress);
        var client = new TokenClient(web3, token);
        foreach (var (to, amount) in options.InitialMints)
        {
            await client.MintAsync(to, amount, cancellationToken);
        }

        return token;
    }
}
