using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;
using Nethereum.Hex.HexTypes;
using Npgsql;

namespace IndieGent.Testing.Platform.Chaos;

/// <summary>What a chaos run does: for how long, with how many agents, how often a fault strikes, from which seed.</summary>
/// <param name="Duration">How long load and faults run (then the faults heal and the platform is left to settle).</param>
/// <param name="Agents">Agents paying at once, each one request at a time; the first one's payments wait for the operator.</param>
/// <param name="FaultEvery">Mean time between faults.</param>
/// <param name="Seed">The faults' and prices' random seed: the same seed, the same choices.</param>
public sealed record ChaosOptions(TimeSpan Duration, int Agents = 6, TimeSpan? FaultEvery = null, int Seed = 20261205)
{
    public TimeSpan MeanFaultInterval => FaultEvery ?? TimeSpan.FromSeconds(4);
}

/// <summary>
/// A chaos run on a <see cref="PaymentPlatform"/>: two instances of every service, continuous load from many agents (MPP
/// <c>authorization</c> payments the merchant settles, relayed <c>hash</c> payments, payments waiting for the operator's
/// approval, deposits), and random faults — a service instance stopped and started again, the broker connection cut and
/// restored, the chain paused — for a given time. Then the faults heal, the run waits for quiescence and checks the
/// invariants: every payment terminal, one payment per idempotency key, each wallet's ledger equal to the chain, the
/// merchant paid exactly what settled, no signature without a reservation, no saga left open.
/// </summary>
/// <remarks>
/// In one process, so an instance is stopped the way a host shuts down (its in-flight work abandoned to the broker and the
/// database), not killed with SIGKILL; PostgreSQL is shared with other test assemblies and is not restarted; chain
/// reorganisations are tested on a chain of their own (<c>Settlement.Tests/When_the_chain_reorganises</c>), not here.
/// </remarks>
public sealed partial class ChaosRun(PaymentPlatform platform, ChaosOptions options, TextWriter log)
{
    private static readonly string[] Services = ["wallet", "ledger", "settlement", "funding", "marketplace", "gateway"];

    /// <summary>The platform settings a chaos run needs: the load comes from one address and a few keys, so the edge's rate limits are lifted.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Gateway:RateLimits:PerIp:Burst"] = "100000",
        ["Gateway:RateLimits:PerIp:PerSecond"] = "100000",
        ["Gateway:RateLimits:PerKey:Burst"] = "100000",
        ["Gateway:RateLimits:PerKey:PerSecond"] = "100000",
    };
    private static readonly string[] Terminal = ["Settled", "Denied", "Failed", "Expired"];

    private readonly Random _random = new(options.Seed);
    private readonly SemaphoreSlim _owner = new(1, 1);
    private readonly ConcurrentDictionary<string, ConcurrentBag<Guid>> _paymentsByKey = new();
    private readonly ConcurrentDictionary<Guid, (PaymentPlatform.AgentCreated Agent, bool Hash)> _payments = new();
    private readonly ConcurrentDictionary<string, int> _faults = new();
    private readonly ConcurrentDictionary<Guid, long> _minted = new();
    private readonly HashSet<string> _down = [];
    private readonly List<string> _instances = [];
    private Merchant _merchant = null!;
    private string _operatorKey = "";
    private int _unavailable;

    /// <summary>Runs load and faults for <see cref="ChaosOptions.Duration"/>, then checks; the report lists every violation found.</summary>
    public async Task<ChaosReport> RunAsync(CancellationToken ct)
    {
        foreach (var service in Services)
            _instances.Add(service);
        foreach (var service in Services.Where(s => s != "gateway"))
            _instances.Add(await platform.StartReplicaAsync(service));
        _instances.Add(await platform.StartReplicaAsync("gateway"));
        _merchant = new Merchant(platform.Token.Address, platform.Anvil.ChainId);
        var op = await platform.CreateOperatorAsync("chaos");
        _operatorKey = op.ApiKey;
        var agents = new List<PaymentPlatform.AgentCreated>();
        for (var i = 0; i < options.Agents; i++)
            agents.Add(await platform.CreateAgentAsync(op.ApiKey, $"chaos-{i}"));
        await platform.FundAsync(agents, 50_000_000);
        foreach (var agent in agents)
            _minted[agent.Agent.Id] = 50_000_000;
        await platform.SetPolicyAsync(op.ApiKey, agents[0].Agent.Id, new { approvalThreshold = 15_000 });
        log.WriteLine($"chaos: {options.Agents} agents, 2 instances of every service, faults every ~{options.MeanFaultInterval.TotalSeconds:0} s for {options.Duration}");

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

    private async Task PayLoopAsync(PaymentPlatform.AgentCreated agent, int index, CancellationToken ct)
    {
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var hash = n % 3 == 2;
            var price = index == 0 && n % 4 == 0 ? 20_000 : 1_000 + Next(5_000);
            var key = $"{agent.Agent.Id:N}-{n}";
            var challenge = _merchant.Challenge(price, credentialTypes: [hash ? EvmCredentialTypes.Hash : EvmCredentialTypes.Authorization]);
            // The same key (and challenge) again until an answer: what an agent's SDK does through a fault, at either Gateway.
            for (var attempt = 0; attempt < 20 && !ct.IsCancellationRequested; attempt++)
            {
                var gateway = Next(2) == 0 ? "gateway" : "gateway#2";
                try
                {
                    using var response = await platform.PayAsync(agent.ApiKey, _merchant.Url, challenge, key, waitSeconds: 10, gateway: gateway);
                    if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Forbidden or HttpStatusCode.PaymentRequired)
                    {
                        var body = await response.Content.ReadFromJsonAsync<Answer>(CancellationToken.None);
                        if (body?.PaymentId is { } id)
                        {
                            _paymentsByKey.GetOrAdd(key, _ => []).Add(id);
                            _payments[id] = (agent, hash);
                            if (response.StatusCode == HttpStatusCode.OK && !hash && body.Authorization is { } credential)
                                await SettleAsync(credential);
                        }

                        break;
                    }

                    Interlocked.Increment(ref _unavailable);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _unavailable);
                }

                await Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    private sealed record Answer(Guid? PaymentId, string? Status, string? Authorization);

    // The merchant submits what it was paid with; a credential it cannot use yet (the chain paused) is tried again at the end.
    private readonly ConcurrentQueue<string> _unsettled = new();

    // Credentials the merchant submitted and saw mined: never submitted again; and why the last try of the others failed.
    private readonly ConcurrentDictionary<string, bool> _settled = new();
    private readonly ConcurrentDictionary<string, string> _settleFailures = new();
    private readonly ConcurrentDictionary<Guid, PaymentPlatform.PaymentView> _views = new();

    private async Task SettleAsync(string credential)
    {
        if (_settled.ContainsKey(credential))
            return;
        await _owner.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _merchant.SettleAsync(platform.Token, credential, timeout.Token);
            _settled[credential] = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Used already (the chain refuses it again), or the chain was paused: the quiet phase looks at the payment again.
            _settleFailures[credential] = e.GetType().Name + ": " + e.Message;
            _unsettled.Enqueue(credential);
        }
        finally
        {
            _owner.Release();
        }
    }

    private async Task ApproveLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await ApproveWaitingAsync();
            await Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private async Task ApproveWaitingAsync()
    {
        foreach (var gateway in new[] { "gateway", "gateway#2" })
        {
            try
            {
                using var client = platform.Client(_operatorKey, gateway);
                var waiting = await client.GetFromJsonAsync<List<PaymentPlatform.PaymentView>>("/v1/approvals");
                foreach (var payment in waiting ?? [])
                    using (await client.PostAsync($"/v1/payments/{payment.Id}/approve", null)) { }
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // This Gateway (or what is behind it) is down: the other one.
            }
        }
    }

    private async Task DepositLoopAsync(IReadOnlyList<PaymentPlatform.AgentCreated> agents, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Delay(TimeSpan.FromSeconds(3), ct);
            var agent = agents[Next(agents.Count)];
            await _owner.WaitAsync(CancellationToken.None);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await platform.Token.MintAsync(EvmAddress.Parse(agent.Agent.WalletAddress), 2_000_000, timeout.Token);
                _minted.AddOrUpdate(agent.Agent.Id, 2_000_000, (_, v) => v + 2_000_000);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The chain paused: no deposit this time (nothing was minted, or the mint shows on chain and is counted below).
            }
            finally
            {
                _owner.Release();
            }
        }
    }

    private async Task FaultLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Delay(TimeSpan.FromMilliseconds(options.MeanFaultInterval.TotalMilliseconds * (0.5 + _random.NextDouble())), ct);
            if (ct.IsCancellationRequested)
                break;
            switch (Next(3))
            {
                case 0:
                    // One instance at a time per service: the other carries the load.
                    var up = _instances.Where(i => !_down.Contains(i) && !_down.Contains(Twin(i))).ToList();
                    var victim = up[Next(up.Count)];
                    Count("instance stopped and started again");
                    _down.Add(victim);
                    await platform.StopAsync(victim);
                    await Delay(TimeSpan.FromMilliseconds(500 + Next(2_500)), CancellationToken.None);
                    await platform.StartAsync(victim);
                    _down.Remove(victim);
                    break;
                case 1:
                    Count("broker connection cut and restored");
                    platform.Broker.Down();
                    await Delay(TimeSpan.FromMilliseconds(1_000 + Next(3_000)), CancellationToken.None);
                    platform.Broker.Up();
                    break;
                default:
                    Count("chain paused");
                    await platform.SetAutomineAsync(false);
                    await Delay(TimeSpan.FromMilliseconds(1_000 + Next(3_000)), CancellationToken.None);
                    await platform.SetAutomineAsync(true);
                    await platform.MineAsync(1);
                    break;
            }
        }
    }

    private static string Twin(string instance) => instance.Contains('#', StringComparison.Ordinal) ? instance.Split('#')[0] : instance + "#2";

    private async Task HealAsync()
    {
        platform.Broker.Up();
        await platform.SetAutomineAsync(true);
        await platform.MineAsync(3);
    }

    private void Count(string fault)
    {
        _faults.AddOrUpdate(fault, 1, (_, n) => n + 1);
        log.WriteLine($"chaos: {fault}");
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
