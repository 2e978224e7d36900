using IndieGent.Funding.Api;
using IndieGent.Gateway.Api;
using IndieGent.Ledger.Api;
using IndieGent.Marketplace.Api;
using IndieGent.Onramp.Simulator;
using IndieGent.Settlement.Api;
using IndieGent.Testing;
using IndieGent.Wallet.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace IndieGent.Testing.Platform;

/// <summary>The services' hosts: started (in this process, or as processes of their own), stopped, their settings.</summary>
public sealed partial class PaymentPlatform
{
    /// <summary>Starts a service (again, after <see cref="StopAsync"/>) with the same database and settings.</summary>
    public Task StartAsync(string service)
    {
        if (_processes.Contains(service))
        {
            _hosts[service] = ServiceProcess.Start(service, AssemblyOf(service), _common.Concat(_own[service]).Concat(ProcessLogging()), _ports[service]);
            return WaitUntilHealthyAsync();
        }

        IAsyncDisposable host = service.Split('#')[0] switch
        {
            "wallet" => Start(new WebApplicationFactory<WalletApi>(), service),
            "ledger" => Start(new WebApplicationFactory<LedgerApi>(), service),
            "settlement" => Start(new WebApplicationFactory<SettlementApi>(), service),
            "gateway" => Start(new WebApplicationFactory<GatewayApi>(), service),
            "funding" => Start(new WebApplicationFactory<FundingApi>(), service),
            "marketplace" => Start(new WebApplicationFactory<MarketplaceApi>(), service),
            OnrampSimulatorHost => Start(new WebApplicationFactory<OnrampSimulator>(), service),
            _ => throw new ArgumentOutOfRangeException(nameof(service)),
        };
        _hosts[service] = host;
        return Task.CompletedTask;
    }

    /// <summary>A setting as <paramref name="service"/> gets it (its own, else the common one).</summary>
    public string Setting(string key, string service = "gateway") =>
        _own[service].TryGetValue(key, out var own) ? own : _common[key];

    /// <summary>The running service's container.</summary>
    public IServiceProvider Services(string service) => _services[service];

    /// <summary>Stops a service the way a crash-free shutdown does (in-flight work is abandoned to the broker).</summary>
    public async Task StopAsync(string service)
    {
        if (_hosts.Remove(service, out var host))
        {
            KeepLog(service, host);
            await host.DisposeAsync();
        }
    }

    /// <summary>
    /// Every line logged so far, at the platform's level: the instances hosted here (<see cref="Logs"/>) and those in
    /// processes of their own — running, or ended (a process's directory goes when it ends; its lines are kept here),
    /// each of their lines led by the instance's name.
    /// </summary>
    public IEnumerable<string> AllLogLines() =>
        Logs.Lines.Concat(_endedProcessLines).Concat(_hosts.ToList().Where(h => h.Value is ServiceProcess)
            .SelectMany(h => ReadLog(h.Key, (ServiceProcess)h.Value)));

    // A process logs at the platform's level (Information at most: its file is read back), one line per entry with its time.
    private IEnumerable<KeyValuePair<string, string>> ProcessLogging() =>
    [
        new("Logging:LogLevel:Default", (_logLevel < LogLevel.Information ? LogLevel.Information : _logLevel).ToString()),
        new("Logging:Console:FormatterName", "simple"),
        new("Logging:Console:FormatterOptions:SingleLine", "true"),
        new("Logging:Console:FormatterOptions:UseUtcTimestamp", "true"),
        new("Logging:Console:FormatterOptions:TimestampFormat", "HH:mm:ss.fff "),
    ];

    // A process's directory goes with it: its lines are kept before.
    private void KeepLog(string instance, IAsyncDisposable host)
    {
        if (host is not ServiceProcess process)
            return;
        foreach (var line in ReadLog(instance, process))
            _endedProcessLines.Enqueue(line);
    }

    private static IEnumerable<string> ReadLog(string instance, ServiceProcess process)
    {
        try
        {
            return File.ReadLines(process.LogFile).Select(line => $"{instance} {line}").ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private WebApplicationFactory<T> Start<T>(WebApplicationFactory<T> factory, string service) where T : class
    {
        var configured = factory.WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in _common.Concat(_own[service]))
                web.UseSetting(key, value);
            web.UseUrls($"http://127.0.0.1:{_ports[service]}");
            // (Clearing the providers drops the OpenTelemetry one too: it is added back, with the host's own processors.)
            web.ConfigureLogging(l => l.ClearProviders().SetMinimumLevel(_logLevel).AddProvider(Logs).AddOpenTelemetry());
            if (_captureTelemetry)
            {
                web.ConfigureServices(s => s
                    .ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new OpenTelemetry.SimpleActivityExportProcessor(Telemetry.Spans())))
                    .ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new OpenTelemetry.SimpleLogRecordExportProcessor(Telemetry.Logs()))));
            }
        });
        configured.UseKestrel(k => k.ListenLocalhost(_ports[service]));
        configured.StartServer();
        _services[service] = configured.Services;
        return configured;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient();
        foreach (var (service, port) in _ports.Where(p => _hosts.ContainsKey(p.Key)))
        {
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), Ct);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, Ct);
        }
    }
}
