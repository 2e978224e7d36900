using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.Extensions.Logging;

// POST /v1/payments under load: challenge in, credential out, on the whole platform in this
// process (Gateway, Wallet, Ledger, Settlement, Funding, Marketplace as Kestrel hosts; real RabbitMQ,
// PostgreSQL and anvil from the test infrastructure). Each agent pays in a loop, one request at a time.
//   dotnet run -c Release --project bench/IndieGent.Bench [-- --seconds 15 --agents 1,16,64]
// With --marketplace: marketplace calls through the Gateway's proxy (reserve, forward, capture) to a
// local provider that answers at once, instead of 402 payments.

// WebApplicationFactory finds each service's content root through a manifest beside the program.
Environment.CurrentDirectory = AppContext.BaseDirectory;
var seconds = Option("--seconds", 15);
var levels = (Arg("--agents") ?? "1,16,64").Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
const long Price = 1_000;

var postgres = new PostgresFixture();
var rabbit = new RabbitMqFixture();
var anvil = new AnvilFixture();
await Task.WhenAll(postgres.InitializeAsync().AsTask(), rabbit.InitializeAsync().AsTask(), anvil.InitializeAsync().AsTask());
try
{
    var trace = args.Contains("--trace");
    var marketplace = args.Contains("--marketplace");
    var settings = new Dictionary<string, string>
    {
        // The load comes from one address and a few keys: the edge's rate limits are not what is measured.
        ["Gateway:RateLimits:PerIp:Burst"] = "100000",
        ["Gateway:RateLimits:PerIp:PerSecond"] = "100000",
        ["Gateway:RateLimits:PerKey:Burst"] = "100000",
        ["Gateway:RateLimits:PerKey:PerSecond"] = "100000",
    };
    if (trace)
        settings["Logging:LogLevel:MassTransit"] = "Debug";
    // The tests' copy of every span as text is not what a deployment pays for: only --trace keeps it.
    await using var platform = await PaymentPlatform.StartAsync(postgres, rabbit, anvil, settings, trace ? LogLevel.Debug : LogLevel.Warning,
        captureTelemetry: trace);
    var merchant = new Merchant(platform.Token.Address, anvil.ChainId);
    var op = await platform.CreateOperatorAsync("bench");
    await using var provider = marketplace ? await StartProviderAsync(platform) : null;
    Func<PaymentPlatform.AgentCreated, Task<bool>> call = marketplace
        ? async agent =>
        {
            using var response = await platform.CallAsync(agent.ApiKey, "bench-echo", "echo/x", Guid.NewGuid().ToString("N"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        : async agent =>
        {
            using var response = await platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(Price), Guid.NewGuid().ToString("N"),
                waitSeconds: 30);
            return response.StatusCode == HttpStatusCode.OK;
        };
    if (trace)
    {
        // One payment with every log line, timestamped: where the time goes.
        var agent = await platform.CreateAgentAsync(op.ApiKey, "trace");
        await platform.FundAsync(agent, 1_000_000);
        for (var i = 0; i < 3; i++)
        {
            using (await platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(Price), $"warm-{i}", waitSeconds: 30))
            {
            }
        }
        var skip = platform.Logs.Lines.Count;
        using (await platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(Price), "trace-1", waitSeconds: 30))
        {
        }
        foreach (var line in platform.Logs.Lines.Skip(skip))
            Console.WriteLine(line.Length > 300 ? line[..300] : line);
        return;
    }

    Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    Console.WriteLine(marketplace
        ? $"Marketplace calls through the proxy to a provider answering at once. Each level: {seconds} s after a 3 s warm-up; every agent sends one request at a time."
        : $"Each level: {seconds} s after a 3 s warm-up; every agent sends one request at a time.");
    Console.WriteLine();
    var cpuPerPayment = new List<(int Agents, Dictionary<string, double> Ms)>();
    Console.WriteLine("| agents | approved | approved/s | p50 ms | p95 ms | p99 ms | other answers |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");

    foreach (var count in levels)
    {
        var agents = new List<PaymentPlatform.AgentCreated>();
        for (var i = 0; i < count; i++)
            agents.Add(await platform.CreateAgentAsync(op.ApiKey, $"bench-{count}-{i}"));
        await platform.FundAsync(agents, 1_000_000_000);

        await RunAsync(call, agents, TimeSpan.FromSeconds(3), record: null);
        var cpuBefore = CpuByProcess();
        var latencies = new List<double>[count];
        var others = new int[count];
        for (var i = 0; i < count; i++)
            latencies[i] = [];
        var elapsed = await RunAsync(call, agents, TimeSpan.FromSeconds(seconds), (agent, ms, ok) =>
        {
            if (ok)
                latencies[agent].Add(ms);
            else
                others[agent]++;
        });

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var cpu = CpuByProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {all.Length} | {all.Length / elapsed.TotalSeconds:0} | {Percentile(all, 0.50):0.0} | {Percentile(all, 0.95):0.0} | {Percentile(all, 0.99):0.0} | {others.Sum()} |"));
        cpuPerPayment.Add((count, cpu.Where(c => c.Value - cpuBefore.GetValueOrDefault(c.Key) > TimeSpan.FromMilliseconds(100))
            .ToDictionary(c => c.Key, c => (c.Value - cpuBefore.GetValueOrDefault(c.Key)).TotalMilliseconds / Math.Max(1, all.Length))));
    }

    // Where the CPU goes: this process runs the four services and the load; the servers run beside it.
    Console.WriteLine();
    Console.WriteLine(marketplace ? "CPU ms per charged call, by process:" : "CPU ms per approved payment, by process:");
    foreach (var (agents, ms) in cpuPerPayment)
        Console.WriteLine($"  {agents} agents: " + string.Join(", ", ms.OrderByDescending(m => m.Value)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.0}"))) +
            string.Create(CultureInfo.InvariantCulture, $" (total {ms.Values.Sum():0.0})"));
}
finally
{
    await anvil.DisposeAsync();
    await rabbit.DisposeAsync();
    await postgres.DisposeAsync();
}

static async Task<TimeSpan> RunAsync(Func<PaymentPlatform.AgentCreated, Task<bool>> call, List<PaymentPlatform.AgentCreated> agents, TimeSpan duration,
    Action<int, double, bool>? record)
{
    using var stop = new CancellationTokenSource(duration);
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(agents.Select((agent, index) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var ok = await call(agent);
            record?.Invoke(index, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok);
        }
    })));
    return clock.Elapsed;
}

// A provider listed as "bench-echo" at 1 000 base units per call, answering at once.
static async Task<MarketplaceProvider> StartProviderAsync(PaymentPlatform platform)
{
    var owner = await platform.CreateOperatorAsync("bench-provider");
    var provider = await platform.CreateProviderAsync(owner.ApiKey, "0x00000000000000000000000000000000000000b1");
    var upstream = await MarketplaceProvider.StartAsync(platform.GatewayAddress, provider.Id);
    await platform.PutServiceAsync(owner.ApiKey, "bench-echo", new
    {
        providerId = provider.Id, name = "Bench echo", category = "testing", baseUrl = upstream.BaseUrl, price = Price.ToString(CultureInfo.InvariantCulture),
    });
    return upstream;
}

// CPU time so far of every process this one can see, summed by name. PostgreSQL names each backend
// "postgres: user database client state", so they form one group; a backend that closes during a
// level takes its time with it, so PostgreSQL's figure is a lower bound.
static Dictionary<string, TimeSpan> CpuByProcess()
{
    var cpu = new Dictionary<string, TimeSpan>();
    foreach (var process in Process.GetProcesses())
    {
        try
        {
            var name = process.ProcessName.Split(':')[0];
            cpu[name] = cpu.GetValueOrDefault(name) + process.TotalProcessorTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone, or not ours to read.
        }
        finally
        {
            process.Dispose();
        }
    }

    return cpu;
}

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

int Option(string name, int fallback) => Arg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
