using System.Net.Http.Json;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Testing;
using IndieGent.Wallet.Api;
using IndieGent.Wallet.Api.Apis;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Wallet.Tests;

/// <summary>
/// The Wallet service on its own fresh database, with the in-memory MassTransit test harness
/// instead of RabbitMQ and every log line captured.
/// </summary>
public sealed class WalletHost(PostgresFixture postgres) : IAsyncLifetime
{
    public WebApplicationFactory<WalletApi> Factory { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public string ConnectionString { get; private set; } = null!;

    /// <summary>Every HTTP response body this host produced through <see cref="Client"/>, for leak checks.</summary>
    public List<string> ResponseBodies { get; } = [];

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await postgres.CreateDatabaseAsync("wallet", Ct);
        Factory = Create(ConnectionString, Logs, activeKey: "a");
    }

    public static WebApplicationFactory<WalletApi> Create(string connectionString, CapturedLogs logs, string activeKey,
        bool includeKeyA = true) =>
        new WebApplicationFactory<WalletApi>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:walletdb", connectionString)
                .UseSetting("ConnectionStrings:rabbitmq", "amqp://nobody:nothing@127.0.0.1:1/")
                .UseSetting("Identity:PublicKeys:test-gateway", TestSecrets.IdentityPublicKey)
                .UseSetting("Wallet:MasterKeysPath", TestSecrets.MasterKeysDirectory(includeKeyA
                    ? new Dictionary<string, byte[]> { ["a"] = TestSecrets.MasterKeyA, ["b"] = TestSecrets.MasterKeyB }
                    : new Dictionary<string, byte[]> { ["b"] = TestSecrets.MasterKeyB }))
                .UseSetting("Tickets:PublicKeys:test-ledger", TestSecrets.TicketPublicKey)
                .UseSetting("Wallet:ActiveKeyId", activeKey);
            web.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            web.ConfigureTestServices(services => services.AddMassTransitTestHarness());
        });

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
            await Factory.DisposeAsync();
    }

    public HttpClient Client(string? role = null, Guid? operatorId = null, Guid? agentId = null)
    {
        // Every request is signed for itself, as the Gateway signs it.
        var identity = role is null ? null : new ForwardedIdentity(role, operatorId, agentId, "test-key", DateTimeOffset.UtcNow);
        return Factory.CreateDefaultClient(new RecordingHandler(ResponseBodies), new ForwardedIdentitySigningHandler(TestSecrets.Signer(), "wallet", identity));
    }

    public HttpClient Admin() => Client(IdentityRoles.Admin);

    public HttpClient Operator(Guid operatorId) => Client(IdentityRoles.Operator, operatorId);

    public HttpClient Agent(Guid operatorId, Guid agentId) => Client(IdentityRoles.Agent, operatorId, agentId);

    public HttpClient Gateway() => Client(IdentityRoles.Gateway);

    public async Task<OperatorsApi.OperatorCreated> CreateOperatorAsync(string name = "Acme")
    {
        using var admin = Admin();
        using var response = await admin.PostAsJsonAsync("/v1/operators", new { name }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OperatorsApi.OperatorCreated>(Ct))!;
    }

    public async Task<AgentsApi.AgentCreatedResponse> CreateAgentAsync(Guid operatorId, string name = "travel-bot")
    {
        using var client = Operator(operatorId);
        using var response = await client.PostAsJsonAsync("/v1/agents", new { name }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentsApi.AgentCreatedResponse>(Ct))!;
    }

    private sealed class RecordingHandler(List<string> bodies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (bodies)
                bodies.Add(string.Join('\n', response.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")) + "\n" + body);
            return response;
        }
    }
}
