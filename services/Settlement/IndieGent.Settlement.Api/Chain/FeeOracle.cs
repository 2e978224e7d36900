using System.Numerics;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>
/// EIP-1559 fees for a transaction to be included soon: the node's suggested priority fee (at
/// least <see cref="ChainOptions.MinPriorityFeePerGas"/>) on top of twice the latest base fee,
/// which leaves room for six full blocks of base-fee growth.
/// </summary>
public sealed class FeeOracle(IWeb3 web3, IOptions<ChainOptions> options)
{
    public async Task<Fees> SuggestAsync()
    {
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var baseFee = block.BaseFeePerGas?.Value ?? BigInteger.Zero;
        BigInteger tip;
        try
        {
            tip = (await web3.Client.SendRequestAsync<HexBigInteger>("eth_maxPriorityFeePerGas")).Value;
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException)
        {
            tip = BigInteger.Zero;
        }

        tip = BigInteger.Max(tip, options.Value.MinPriorityFeePerGas);
        return new Fees(baseFee * 2 + tip, tip);
    }
}

/// <summary>EIP-1559 fees in wei.</summary>
public readonly record struct Fees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas)
{
    /// <summary>At least <paramref name="other"/> on both fees.</summary>
    public Fees AtLeast(Fees other) =>
        new(BigInteger.Max(MaxFeePerGas, other.MaxFeePerGas), BigInteger.Max(MaxPriorityFeePerGas, other.MaxPriorityFeePerGas));

    /// <summary>Both fees raised by <paramref name="percent"/> (and at least one wei): what a node accepts as a replacement.</summary>
    public Fees Bumped(int percent) =>
        new(MaxFeePerGas + BigInteger.Max(MaxFeePerGas * percent / 100, 1), MaxPriorityFeePerGas + BigInteger.Max(MaxPriorityFeePerGas * percent / 100, 1));
}
