using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Relaying;
using Nethereum.RPC.Eth.DTOs;

namespace IndieGent.Testing.Platform;

/// <summary>The platform's gas relayer as tests see it: its address, funded with native coin when the Wallet starts, and each service's address.</summary>
public sealed partial class PaymentPlatform
{
    /// <summary>What the relayer gets when the Wallet starts: plenty for every relay a test class sends.</summary>
    public static readonly BigInteger RelayerFunding = BigInteger.Pow(10, 19);

    /// <summary>The relayer's address (known once the Wallet started).</summary>
    public EvmAddress Relayer { get; private set; }

    /// <summary>Where a hosted service listens.</summary>
    public Uri ServiceAddress(string service) => new($"http://127.0.0.1:{_ports[service]}");

    /// <summary>
    /// Asks the Wallet for the relayer (it creates it if need be) and sends it <see cref="RelayerFunding"/>
    /// of native coin from the platform's funded account, as an operator tops up the relayer on a real chain.
    /// </summary>
    private async Task FundRelayerAsync()
    {
        using var wallet = new HttpClient { BaseAddress = ServiceAddress("wallet") };
        Relayer = EvmAddress.Parse((await wallet.GetFromJsonAsync<RelayerAccount>("/internal/relayer", Ct))!.Address);
        var receipt = await _owner.Eth.GetEtherTransferService()
            .TransferEtherAndWaitForReceiptAsync(Relayer.ToChecksumHex(), Nethereum.Util.UnitConversion.Convert.FromWei(RelayerFunding), cancellationToken: Ct);
        if (!receipt.Succeeded())
            throw new InvalidOperationException("Funding the relayer failed on chain.");
    }
}
