using System.Numerics;
using IndieGent.Chain;
using IndieGent.Onramp.Simulator.Extensions;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>
/// Delivers purchased USDC the only way a test chain can: the token's owner mints it to the
/// destination. Mints are sent one at a time, since the owner account's nonce is taken from the
/// chain's pending count and two concurrent purchases would otherwise race for it.
/// </summary>
public sealed class UsdcMinter : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly TokenClient _token;

    public UsdcMinter(IOptions<SimulatorChainOptions> options)
    {
        var chain = options.Value;
        Token = EvmAddress.Parse(chain.TokenAddress);
        _token = new TokenClient(new Web3(new Account(chain.MinterKey, chain.ChainId), chain.RpcUrl), Token);
    }

    /// <summary>The token minted (the webhook's <c>contractAddress</c>).</summary>
    public EvmAddress Token { get; }

    /// <summary>Mints and waits for the receipt; returns the transaction hash.</summary>
    /// <exception cref="InvalidOperationException">The mint failed on chain.</exception>
    public async Task<string> MintAsync(EvmAddress to, BigInteger baseUnits, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var receipt = await _token.MintAsync(to, baseUnits, cancellationToken);
            return receipt.TransactionHash;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}
