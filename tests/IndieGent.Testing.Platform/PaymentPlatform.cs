using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Funding.Api;
using IndieGent.Gateway.Api;
using IndieGent.Ledger.Api;
using IndieGent.Marketplace.Api;
using IndieGent.Onramp.Simulator;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Signing;
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

/// <summary>
/// The whole payment platform in this process: Gateway, Wallet, Ledger, Settlement and Funding, each a real
/// Kestrel host on its own port with its own PostgreSQL database, all on one RabbitMQ virtual host
/// (reached through a <see cref="TcpProxy"/> a test can cut) and one anvil chain with a fresh token.
/// Every log line of every host is captured.
/// </summary>
public sealed partial class PaymentPlatform : IAsyncDisposable
{
    public const string AdminKey = "igk_admin_platform-tests-0123456789abcdef";

    private readonly Dictionary<string, string> _common;
    private readonly Dictionary<string, Dictionary<string, string>> _own = [];
    private readonly Dictionary<string, int> _ports = [];
    private readonly Dictionary<string, IAsyncDisposable> _hosts = [];
    private readonly HashSet<string> _processes = [];
    private readonly Dictionary<string, IServiceProvider> _services = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpClient> _payers = new();

    private readonly Nethereum.Web3.IWeb3 _owner;
    private LogLevel _logLevel = LogLevel.Debug;

    // Every span and log record as text, kept for the test's assertions: a benchmark turns it off
    // (it cost about a tenth of the process's CPU per call, and its queue only grows).
    private bool _captureTelemetry = true;

    private PaymentPlatform(AnvilFixture anvil, Nethereum.Web3.IWeb3 owner, TokenClient token, TcpProxy broker, Dictionary<string, string> common)
    {
        Anvil = anvil;
        _owner = owner;
        Token = token;
        Broker = broker;
        _common = common;
    }

    /// <summary>The ambient test's cancellation (none outside a test).</summary>
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public AnvilFixture Anvil { get; }

    /// <summary>The server the services' databases are on.</summary>
    public PostgresFixture Postgres { get; private init; } = null!;

    /// <summary>The token, through its owner's key (mints; pays gas for merchants' settlements).</summary>
    public TokenClient Token { get; }

    /// <summary>Every host's connection to RabbitMQ goes through this proxy.</summary>
    public TcpProxy Broker { get; }

    /// <summary>Each hosted service's broker grant, by service.</summary>
    public static IReadOnlyDictionary<string, BrokerGrant> Grants { get; } = new Dictionary<string, BrokerGrant>
    {
        ["wallet"] = WalletApi.Broker,
        ["ledger"] = LedgerApi.Broker,
        ["settlement"] = SettlementApi.Broker,
        ["gateway"] = GatewayApi.Broker,
        ["funding"] = FundingApi.Broker,
        ["marketplace"] = MarketplaceApi.Broker,
    };

    // One password per broker user for the life of the test process (users are shared by every virtual host).
    private static readonly Dictionary<string, string> BrokerPasswords = Grants.Keys.ToDictionary(s => s, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>The broker user <paramref name="grant"/> describes.</summary>
    public static BrokerUser BrokerUserOf(BrokerGrant grant) =>
        new(grant.User, BrokerPasswords[grant.Service], grant.Configure, grant.Write, grant.Read);

    /// <summary>The platform's virtual host with the fixture's administrator (what no service has: every permission).</summary>
    public string BrokerAdminUri { get; private init; } = "";

    /// <summary>The Gateway reaches the Wallet through this proxy (a test can cut or stall it).</summary>
    public TcpProxy WalletLink { get; private set; } = null!;

    /// <summary>
    /// With the setting <see cref="CuttableDatabaseSetting"/> "true": the proxy every service reaches PostgreSQL through, so a
    /// test can cut all of this platform's database sessions at once and make the server unreachable for a while (what the
    /// services see of a PostgreSQL restart or failover) without touching the server other test classes share. Else null.
    /// </summary>
    public TcpProxy? Database { get; private set; }

    /// <summary>The setting that puts the services' database connections through <see cref="Database"/>.</summary>
    public const string CuttableDatabaseSetting = "Testing:CuttableDatabase";

    public CapturedLogs Logs { get; } = new();

    // What the instances in processes of their own logged before they ended (see AllLogLines).
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _endedProcessLines = new();

    /// <summary>The Wallet's master key (base64), for tests that look for it where it must not be.</summary>
    public string MasterKey { get; private set; } = "";

    /// <summary>What every host's OpenTelemetry pipeline exports.</summary>
    public CapturedTelemetry Telemetry { get; } = new();

    public Uri GatewayAddress => new($"http://127.0.0.1:{_ports["gateway"]}");

    /// <summary>The Coinbase Onramp simulator Funding talks to (its control API is under <c>/simulator</c>).</summary>
    public Uri OnrampAddress => new($"http://127.0.0.1:{_ports[OnrampSimulatorHost]}");

    /// <summary>The webhook subscription secret the simulator signs with and Funding verifies with.</summary>
    public string OnrampWebhookSecret { get; private set; } = "";

    private const string OnrampSimulatorHost = "onramp-simulator";

    /// <summary>
    /// A whole platform on fresh ports, databases and broker users; started again on other ports when
    /// another process took one of them between the choice and the bind (test assemblies run side by side).
    /// </summary>
    public static async Task<PaymentPlatform> StartAsync(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil,
        IReadOnlyDictionary<string, string>? overrides = null, LogLevel logLevel = LogLevel.Debug, bool captureTelemetry = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(postgres, rabbit, anvil, overrides, logLevel, captureTelemetry);
            }
            catch (Exception e) when (attempt < 3 && FreePort.IsAddressInUse(e))
            {
                // A port was taken by someone else: choose them all again.
            }
        }
    }

    private static async Task<PaymentPlatform> StartOnceAsync(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil,
        IReadOnlyDictionary<string, string>? overrides, LogLevel logLevel, bool captureTelemetry)
    {
        var ownerKey = (await anvil.CreateFundedAccountAsync(Ct)).PrivateKey;
        var owner = anvil.CreateWeb3(ownerKey);
        var tokenAddress = await TokenDeployer.DeployAsync(owner, new TokenDeploymentOptions(), Ct);
        var head = (await owner.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        // Least privilege, as in a hosted cluster: each service has its own broker user, allowed only
        // what its grant declares, and its own database role, owning only its database.
        var vhost = new Uri(await rabbit.CreateVirtualHostAsync(Grants.Values.Select(BrokerUserOf).ToList(), Ct));
        var broker = new TcpProxy(vhost.Host, vhost.Port);

        var common = new Dictionary<string, string>
        {
            ["Chain:ChainId"] = anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Chain:TokenAddress"] = tokenAddress.ToChecksumHex(),
            // Sweeps and payouts run when a test starts them (the admin API), not on a clock, unless a test overrides it.
            ["MarketplaceSettlement:Scheduled"] = "false",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
            common[key] = value;
        // Only Settlement talks to the chain: the others (the Wallet above all) get no RPC address.
        var rpcUrl = common.Remove("Chain:RpcUrl", out var rpcOverride) ? rpcOverride : anvil.RpcUrl;
        var cuttableDatabase = common.Remove(CuttableDatabaseSetting, out var cuttable) && bool.Parse(cuttable);

        var platform = new PaymentPlatform(anvil, owner, new TokenClient(owner, tokenAddress), broker, common)
        {
            Postgres = postgres,
            _logLevel = logLevel,
            _captureTelemetry = captureTelemetry,
            BrokerAdminUri = TcpProxy.Through(broker, vhost.ToString()),
        };
        foreach (var service in Grants.Keys)
        {
            platform._ports[service] = FreePort.Next();
            // Bounded pools: several platforms and test assemblies share one PostgreSQL server.
            var database = new Npgsql.NpgsqlConnectionStringBuilder(await postgres.CreateOwnedDatabaseAsync(service, Ct))
            {
                MaxPoolSize = 20,
                ConnectionIdleLifetime = 10,
                ConnectionPruningInterval = 2,
            };
            if (cuttableDatabase)
            {
                platform.Database ??= new TcpProxy(database.Host!, database.Port);
                (database.Host, database.Port) = ("127.0.0.1", platform.Database.Port);
            }
            platform._own[service] = new()
            {
                [$"ConnectionStrings:{service}db"] = database.ConnectionString,
                ["ConnectionStrings:rabbitmq"] = RabbitMqFixture.As(platform.BrokerAdminUri, BrokerUserOf(Grants[service])),
            };
        }

        // The Gateway signs forwarded identities; every service holds only the public key.
        var (identityKey, identityPublicKey) = Es256Keys.GenerateKeyPair();
        platform._own["gateway"]["Identity:KeyId"] = "g1";
        platform._own["gateway"]["Identity:SigningKey"] = identityKey;
        foreach (var service in new[] { "wallet", "ledger", "settlement", "funding", "marketplace" })
            platform._own[service]["Identity:PublicKeys:g1"] = identityPublicKey;
        // The Gateway also signs marketplace call headers; providers fetch its public key from /v1/marketplace/keys.
        platform._own["gateway"]["Marketplace:KeyId"] = "m1";
        platform._own["gateway"]["Marketplace:SigningKey"] = Es256Keys.GenerateKeyPair().PrivateKey;

        // The Ledger signs approval tickets; the Wallet holds only the public key.
        var (ticketKey, ticketPublicKey) = Es256Keys.GenerateKeyPair();
        platform._own["ledger"]["Tickets:KeyId"] = "t1";
        platform._own["ledger"]["Tickets:PrivateKey"] = ticketKey;
        platform._own["wallet"]["Tickets:PublicKeys:t1"] = ticketPublicKey;
        // Coinbase Onramp is the simulator: Funding holds the CDP key's secret, the simulator its public key;
        // both hold the webhook secret. The simulator mints as the token's owner, as Coinbase would deliver.
        using (var cdpKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            const string cdpKeyId = "organizations/platform-tests/apiKeys/funding";
            platform.OnrampWebhookSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            platform._ports[OnrampSimulatorHost] = FreePort.Next();
            platform._own[OnrampSimulatorHost] = new()
            {
                [$"Simulator:ApiKeys:{cdpKeyId}"] = cdpKey.ExportSubjectPublicKeyInfoPem(),
                ["Simulator:WebhookUrl"] = $"http://127.0.0.1:{platform._ports["gateway"]}/webhooks/coinbase/onramp",
                ["Simulator:WebhookSecret"] = platform.OnrampWebhookSecret,
                ["Simulator:Chain:RpcUrl"] = anvil.RpcUrl,
                ["Simulator:Chain:ChainId"] = anvil.ChainId.ToString(CultureInfo.InvariantCulture),
                ["Simulator:Chain:TokenAddress"] = tokenAddress.ToChecksumHex(),
                ["Simulator:Chain:MinterKey"] = ownerKey,
            };
            var simulator = $"http://127.0.0.1:{platform._ports[OnrampSimulatorHost]}";
            platform._own["funding"]["Onramp:ApiBaseUrl"] = simulator;
            platform._own["funding"]["Onramp:StatusApiBaseUrl"] = simulator;
            platform._own["funding"]["Onramp:KeyId"] = cdpKeyId;
            platform._own["funding"]["Onramp:KeySecret"] = cdpKey.ExportECPrivateKeyPem();
            platform._own["funding"]["Onramp:WebhookSecret"] = platform.OnrampWebhookSecret;
            platform._own["funding"]["Onramp:Sandbox"] = "true";
            // A lost webhook is noticed within seconds, not minutes.
            platform._own["funding"]["Onramp:PollAfter"] = "00:00:03";
            platform._own["funding"]["Onramp:PollInterval"] = "00:00:01";
        }

        // The Wallet's master key arrives as a file, as a mounted Secret would bring it.
        platform.MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var keys = Directory.CreateTempSubdirectory("indiegent-platform-keys-").FullName;
        File.WriteAllText(Path.Combine(keys, "k1"), platform.MasterKey);
        platform._own["wallet"]["Wallet:MasterKeysPath"] = keys;
        platform._own["wallet"]["Wallet:ActiveKeyId"] = "k1";
        platform._own["wallet"]["Wallet:AnnounceInterval"] = "00:00:01";
        platform._own["settlement"]["Chain:RpcUrl"] = rpcUrl;
        // All hosts share this process, so every host's tracer sees Settlement's RPC spans too; each
        // is told the RPC URL's path as a secret to redact (separate processes would not need this).
        foreach (var service in new[] { "wallet", "ledger", "gateway", "funding", "marketplace" })
            platform._own[service]["Telemetry:Secrets:chain-rpc"] = new Uri(rpcUrl).AbsolutePath;
        // One confirmation unless the test asks for more (a chaos run reorganises the chain within and beyond them).
        var confirmations = common.GetValueOrDefault("Chain:Confirmations", "1");
        platform._own["settlement"]["Chain:Confirmations"] = confirmations;
        platform._own["funding"]["Chain:Confirmations"] = confirmations;
        platform._own["settlement"]["Chain:StartBlock"] = head.ToString(CultureInfo.InvariantCulture);
        platform._own["settlement"]["Chain:PollInterval"] = "00:00:00.200";
        platform._own["ledger"]["Payments:SettlementPatience"] = "00:00:05";
        platform._own["ledger"]["Payments:MaxReconciliations"] = "60";
        platform._own["gateway"]["Gateway:AdminApiKey"] = AdminKey;
        platform.WalletLink = new TcpProxy("127.0.0.1", platform._ports["wallet"]);
        platform._own["gateway"]["services:wallet:http:0"] = $"http://127.0.0.1:{platform.WalletLink.Port}";
        platform._own["gateway"]["services:ledger:http:0"] = $"http://127.0.0.1:{platform._ports["ledger"]}";
        platform._own["gateway"]["services:settlement:http:0"] = $"http://127.0.0.1:{platform._ports["settlement"]}";
        platform._own["gateway"]["services:funding:http:0"] = $"http://127.0.0.1:{platform._ports["funding"]}";
        platform._own["gateway"]["services:marketplace:http:0"] = $"http://127.0.0.1:{platform._ports["marketplace"]}";
        platform._own["settlement"]["services:wallet:http:0"] = $"http://127.0.0.1:{platform._ports["wallet"]}";

        try
        {
            await platform.StartAsync("wallet");
            await platform.FundRelayerAsync();
            await platform.StartAsync("ledger");
            await platform.StartAsync("settlement");
            await platform.StartAsync(OnrampSimulatorHost);
            await platform.StartAsync("funding");
            await platform.StartAsync("marketplace");
            await platform.StartAsync("gateway");
            await platform.WaitUntilHealthyAsync();
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }

        return platform;
    }

    /// <summary>A client of the Gateway (or of the Gateway replica <paramref name="gateway"/>) authenticated with <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient Client(string? apiKey = null, string gateway = "gateway")
    {
        var client = new HttpClient { BaseAddress = AddressOf(gateway), Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _payers.Values)
            client.Dispose();
        foreach (var service in _hosts.Keys.ToList())
            await StopAsync(service);
        await Broker.DisposeAsync();
        if (WalletLink is not null)
            await WalletLink.DisposeAsync();
        if (Database is not null)
            await Database.DisposeAsync();
        if (_own.TryGetValue("wallet", out var wallet) && wallet.TryGetValue("Wallet:MasterKeysPath", out var keys))
            Directory.Delete(keys, recursive: true);
        // The databases are this platform's alone: close what the pools still hold open.
        foreach (var settings in _own.Values)
        {
            foreach (var (key, value) in settings)
            {
                if (key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && key.EndsWith("db", StringComparison.Ordinal))
                {
                    await using var connection = new Npgsql.NpgsqlConnection(value);
                    Npgsql.NpgsqlConnection.ClearPool(connection);
                }
            }
        }
    }
}
