using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using Microsoft.AspNetCore.Builder;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;

namespace IndieGent.Testing.Platform.Chaos;

/// <summary>What a chaos run does: for how long, with how many agents, how often a fault strikes, from which seed.</summary>
/// <param name="Duration">How long load and faults run (then the faults heal and the platform is left to settle).</param>
/// <param name="Agents">Agents paying at once, each one request at a time; the first one's payments wait for the operator.</param>
/// <param name="FaultEvery">Mean time between faults.</param>
/// <param name="Seed">The faults' and prices' random seed: the same seed, the same choices.</param>
/// <param name="RestartDatabase">Whether a fault may restart PostgreSQL (only on a server the run has to itself).</param>
public sealed record ChaosOptions(TimeSpan Duration, int Agents = 6, TimeSpan? FaultEvery = null, int Seed = 20261205, bool RestartDatabase = false)
{
    public TimeSpan MeanFaultInterval => FaultEvery ?? TimeSpan.FromSeconds(4);
}

/// <summary>
/// A chaos run on a <see cref="PaymentPlatform"/> with a chain of its own: two instances of every service, continuous load
/// from many agents — MPP payments of every credential kind (<c>authorization</c> and <c>transaction</c> the merchant
/// settles, <c>hash</c> the platform relays, <c>permit2</c> with a split that a paid API on our middleware settles),
/// marketplace calls, payments waiting for the operator's approval, deposits, and auto-top-ups from the operator's treasury
/// — and random faults for a given time: a service instance stopped and started again, the broker connection cut, every
/// database session cut with PostgreSQL unreachable for a while, PostgreSQL restarted, the chain paused, and chain reorganisations within and
/// beyond the confirmations. The second instance of every service runs in a process of its own and is killed with
/// SIGKILL; the first is hosted in this process and stopped as a host shuts down. Then the faults heal, the run waits for quiescence and checks the invariants: every payment
/// terminal, one payment per idempotency key, each wallet's ledger equal to the chain (the treasury's too), every token
/// accounted for, the merchants paid exactly what settled, no signature without a reservation, no saga left open.
/// </summary>
public sealed partial class ChaosRun(PaymentPlatform platform, ChaosOptions options, TextWriter log)
{
    private const string Slug = "chaos-echo";
    private const long MarketplacePrice = 2_000;
    private const long Permit2Price = 3_000;
    private const long PartnerShare = 1_000;
    private const long AgentFunding = 5_000_000;
    private const long TreasuryFunding = 100_000_000;

    private static readonly string[] Services = ["wallet", "ledger", "settlement", "funding", "marketplace", "gateway"];

    /// <summary>
    /// The platform settings a chaos run needs: the load comes from one address and a few keys, so the edge's rate limits are
    /// lifted; three confirmations, so that a reorganisation can stay within them or go beyond; the database behind a proxy
    /// the run can cut.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Gateway:RateLimits:PerIp:Burst"] = "100000",
        ["Gateway:RateLimits:PerIp:PerSecond"] = "100000",
        ["Gateway:RateLimits:PerKey:Burst"] = "100000",
        ["Gateway:RateLimits:PerKey:PerSecond"] = "100000",
        ["Chain:Confirmations"] = "3",
        [PaymentPlatform.CuttableDatabaseSetting] = "true",
    };

    private static readonly string[] Terminal = ["Settled", "Denied", "Failed", "Expired"];

    private readonly Random _random = new(options.Seed);
    private readonly SemaphoreSlim _owner = new(1, 1);
    private readonly ConcurrentDictionary<string, ConcurrentBag<Guid>> _paymentsByKey = new();
    private readonly ConcurrentDictionary<Guid, (PaymentPlatform.AgentCreated Agent, LoadKind Kind)> _payments = new();
    private readonly ConcurrentDictionary<string, int> _faults = new();
    private readonly ConcurrentDictionary<Guid, long> _minted = new();
    private readonly HashSet<string> _down = [];
    private readonly List<string> _instances = [];
    private readonly EvmAddress _apiMerchant = EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress());
    private readonly EvmAddress _partner = EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress());
    private Merchant _merchant = null!;
    private WebApplication _paidApi = null!;
    private MarketplaceProvider _provider = null!;
    private string _operatorKey = "";
    private string _treasuryAddress = "";
    private int _unavailable;

    /// <summary>Runs load and faults for <see cref="ChaosOptions.Duration"/>, then checks; the report lists every violation found.</summary>
    public async Task<ChaosReport> RunAsync(CancellationToken ct)
    {
        if (platform.Database is null)
            throw new InvalidOperationException($"A chaos run needs the platform started with {nameof(ChaosRun)}.{nameof(Settings)}.");
        foreach (var service in Services)
            _instances.Add(service);
        // The second instance of each service in a process of its own, so that a fault can kill it with SIGKILL.
        foreach (var service in Services.Where(s => s != "gateway"))
            _instances.Add(await platform.StartReplicaAsync(service, asProcess: true));
        _instances.Add(await platform.StartReplicaAsync("gateway", asProcess: true));
        _merchant = new Merchant(platform.Token.Address, platform.Anvil.ChainId);
        var op = await platform.CreateOperatorAsync("chaos");
        _operatorKey = op.ApiKey;
        await FundTreasuryAsync();
        var agents = new List<PaymentPlatform.AgentCreated>();
        for (var i = 0; i < options.Agents; i++)
            agents.Add(await platform.CreateAgentAsync(op.ApiKey, $"chaos-{i}"));
        await platform.FundAsync(agents, AgentFunding);
        foreach (var agent in agents)
        {
            _minted[agent.Agent.Id] = AgentFunding;
            // Gas for the transaction credentials the agents sign (the merchant broadcasts them).
            await platform.Anvil.SetBalanceAsync(agent.Agent.WalletAddress, BigInteger.Pow(10, 18));
        }

        await platform.SetPolicyAsync(op.ApiKey, agents[0].Agent.Id, new { approvalThreshold = 15_000 });
        // The others refill from the treasury as they spend: a top-up whenever one crosses below 4.6 USDC.
        foreach (var agent in agents.Skip(1))
            await platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id,
                new { autoTopUp = new { threshold = 4_600_000, target = AgentFunding, dailyMaximum = TreasuryFunding } });
        await StartMarketplaceAsync();
        await StartPaidApiAsync();
        log.WriteLine($"chaos: {options.Agents} agents, 2 instances of every service, faults every ~{options.MeanFaultInterval.TotalSeconds:0} s for {options.Duration}");

        try
        {
            var watch = Stopwatch.StartNew();
            using var load = CancellationTokenSource.CreateLinkedTokenSource(ct);
            load.CancelAfter(options.Duration);
            var workers = agents.Select((agent, i) => PayLoopAsync(agent, i, load.Token)).ToList();
            workers.Add(ApproveLoopAsync(load.Token));
            workers.Add(DepositLoopAsync(agents, load.Token));
            workers.Add(FaultLoopAsync(load.Token));
            await Task.WhenAll(workers);

            await HealAsync();
            log.WriteLine($"chaos: load and faults stopped after {watch.Elapsed.TotalSeconds:0} s; waiting for quiescence");
            var report = await CheckAsync(agents, ct);
            report.Faults = new Dictionary<string, int>(_faults);
            report.Unavailable = _unavailable;
            report.Elapsed = watch.Elapsed;
            return report;
        }
        finally
        {
            await _paidApi.DisposeAsync();
            await _provider.DisposeAsync();
        }
    }

    private async Task FundTreasuryAsync()
    {
        using var client = platform.Client(_operatorKey);
        TreasuryView? treasury = null;
        // Settlement watches the treasury's address once its funding instructions exist.
        await Eventually.HoldsAsync(async () =>
        {
            using var funding = await client.GetAsync("/v1/treasury/funding");
            treasury = funding.IsSuccessStatusCode ? await client.GetFromJsonAsync<TreasuryView>("/v1/treasury") : null;
            return treasury is not null;
        }, CancellationToken.None);
        _treasuryAddress = treasury!.Address;
        await platform.Token.MintAsync(EvmAddress.Parse(_treasuryAddress), new BigInteger(TreasuryFunding));
        await platform.MineAsync(3);
        await Eventually.HoldsAsync(async () => (await client.GetFromJsonAsync<TreasuryView>("/v1/treasury"))!.Available == TreasuryFunding,
            CancellationToken.None);
    }

    private sealed record TreasuryView(Guid TreasuryId, string Address, long Available, long Pending, long Posted);

    // A provider's echo service in the marketplace: the agents' calls are charged through the Gateway's proxy.
    private async Task StartMarketplaceAsync()
    {
        var owner = await platform.CreateOperatorAsync("chaos provider");
        var provider = await platform.CreateProviderAsync(owner.ApiKey,
            EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex());
        _provider = await MarketplaceProvider.StartAsync(platform.GatewayAddress, provider.Id, platform.Logs);
        await platform.PutServiceAsync(owner.ApiKey, Slug, new
        {
            providerId = provider.Id,
            name = "Chaos Echo",
            category = "testing",
            description = "Answers what it received.",
            baseUrl = _provider.BaseUrl,
            price = MarketplacePrice.ToString(System.Globalization.CultureInfo.InvariantCulture),
            failure = new { timeoutSeconds = 5 },
        });
    }

    // A paid API on our middleware taking only permit2 with a split: it settles the permits on chain itself.
    private async Task StartPaidApiAsync()
    {
        await Permit2Deployer.SetCodeAsync(platform.Anvil.CreateWeb3(platform.Anvil.DeployerPrivateKey), Permit2Signatures.CanonicalAddress);
        _paidApi = await PaidApis.StartAsync(platform, Permit2Price, _apiMerchant, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(EvmCredentialTypes.Permit2);
        }, split: (_partner, PartnerShare));
    }

    private Uri PaidApiUrl => new(_paidApi.Url(), "/split");

    private void Count(string fault)
    {
        _faults.AddOrUpdate(fault, 1, (_, n) => n + 1);
        // With the time (UTC, as the services log it), to be read beside the services' lines.
        log.WriteLine($"chaos: {DateTimeOffset.UtcNow:HH:mm:ss.fff} {fault}");
    }

    private int Next(int max)
    {
        lock (_random)
            return _random.Next(max);
    }

    private static async Task Delay(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
