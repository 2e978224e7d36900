using System.Numerics;
using System.Text;
using IndieGent.Chain;
using IndieGent.Chain.Token;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nethereum.Hex.HexTypes;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// Prepares the local chain: deploys IndieUSDC and funds the demo agent wallet, once, as part of
/// anvil's readiness check — so nothing that waits for the chain starts before the token exists.
/// </summary>
/// <remarks>
/// The token is deployed from a deployer key used for nothing else, at nonce 0, so its address is
/// known before the chain even starts and can be handed to every service as plain configuration.
/// </remarks>
public sealed class DevChainSetup
{
    public const long ChainId = AnvilDevAccounts.ChainId;

    /// <summary>1,000 USDC (6 decimals) for the demo agent wallet.</summary>
    public static readonly BigInteger DemoAgentFunding = 1_000 * BigInteger.Pow(10, 6);

    // A development-only key derived from a fixed label: as public as anvil's own dev keys.
    private static readonly string DeployerKey =
        "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes("indiegent/dev/token-deployer")));

    /// <summary>The token owner's development key: the sample agent mints its demo funds with it.</summary>
    public static string TokenOwnerKey => DeployerKey;

    /// <summary>Where the sample paid API's revenue goes (a development address derived from a fixed label).</summary>
    public static EvmAddress SampleMerchant { get; } = EvmAddress.Parse(new Account(
        "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes("indiegent/dev/sample-merchant"))), ChainId).Address);

    /// <summary>Where the demo marketplace provider's earnings are paid (a fixed dev address).</summary>
    public static EvmAddress DemoProviderPayout { get; } = EvmAddress.Parse(new Account(
        "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes("indiegent/dev/demo-provider"))), ChainId).Address);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public DevChainSetup()
    {
        Deployer = EvmAddress.Parse(new Account(DeployerKey, ChainId).Address);
        Token = ContractAddress.Predict(Deployer, 0);
    }

    public EvmAddress Deployer { get; }

    /// <summary>Where IndieUSDC lives on the local chain.</summary>
    public EvmAddress Token { get; }

    public string TokenAddress => Token.ToString();

    /// <summary>
    /// The demo agent's wallet. Until the Wallet service seeds a demo agent of its own, this is
    /// anvil's dev account 1.
    /// </summary>
    public EvmAddress DemoAgentWallet => AnvilDevAccounts.Account1.Address;

    public async Task<HealthCheckResult> EnsureAsync(Uri rpc, CancellationToken ct)
    {
        if (_ready)
            return Ready();

        await _gate.WaitAsync(ct);
        try
        {
            if (_ready)
                return Ready();

            var web3 = new Web3(new Account(DeployerKey, ChainId), rpc.ToString());
            var code = await web3.Eth.GetCode.SendRequestAsync(TokenAddress);
            if (code is null or "0x" or "0x0")
            {
                await web3.Client.SendRequestAsync<object>("anvil_setBalance", null,
                    Deployer.ToString(), new HexBigInteger(BigInteger.Pow(10, 21)).HexValue);
                var deployed = await TokenDeployer.DeployAsync(web3, new TokenDeploymentOptions
                {
                    InitialMints = [new(DemoAgentWallet, DemoAgentFunding)],
                }, ct);
                if (deployed != Token)
                    return HealthCheckResult.Unhealthy($"IndieUSDC landed at {deployed}, expected {Token}: the deployer was used before.");
            }

            _ready = true;
            return Ready();
        }
        catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException
                                      or Nethereum.JsonRpc.Client.RpcClientTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"chain not answering yet ({e.GetType().Name})");
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthCheckResult Ready() =>
        HealthCheckResult.Healthy($"IndieUSDC at {Token}; demo agent wallet {DemoAgentWallet}");
}
