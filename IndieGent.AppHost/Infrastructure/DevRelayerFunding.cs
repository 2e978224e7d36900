using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using IndieGent.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// On the local chain only: once the Wallet is ready (it creates the platform's relayer at start),
/// tops the relayer up with native coin from anvil's dev account 0, so <c>hash</c> payments can be
/// relayed. On a real chain an operator funds the relayer; Settlement's <c>/health</c> says when.
/// </summary>
public static class DevRelayerFunding
{
    /// <summary>What the relayer is brought up to: 10 ETH, far more than a day of demo relays.</summary>
    private static readonly BigInteger TopUpTo = BigInteger.Pow(10, 19);

    private const int Attempts = 30;

    public static IResourceBuilder<ProjectResource> FundRelayerWhenReady(this IResourceBuilder<ProjectResource> wallet, PlatformInfrastructure infrastructure)
    {
        var endpoint = wallet.GetEndpoint("http");
        wallet.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(wallet.Resource, async (e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IndieGent.AppHost");
            // The chain may still be starting when the Wallet is ready: a few tries, a second apart.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var http = new HttpClient { BaseAddress = new Uri(endpoint.Url) };
                    var relayer = (await http.GetFromJsonAsync<JsonElement>("/internal/relayer", ct)).GetProperty("address").GetString()!;
                    var web3 = new Web3(new Account(AnvilDevAccounts.Account0.PrivateKey, DevChainSetup.ChainId), infrastructure.Chain.Resource.RpcUrl);
                    var balance = (await web3.Eth.GetBalance.SendRequestAsync(relayer, BlockParameter.CreateLatest())).Value;
                    if (balance < TopUpTo)
                        await web3.Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(relayer,
                            Nethereum.Util.UnitConversion.Convert.FromWei(TopUpTo - balance), cancellationToken: ct);
                    logger.LogInformation("The platform relayer {Relayer} holds {Wei} wei on the local chain", relayer, BigInteger.Max(balance, TopUpTo));
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or JsonException)
                {
                    if (attempt >= Attempts)
                    {
                        logger.LogWarning(ex, "Could not fund the platform relayer; hash payments fail until it holds native coin");
                        return;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
            }
        });
        return wallet;
    }
}
