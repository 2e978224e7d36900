using System.Net.Http.Json;
using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Funding;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Api;
using IndieGent.Ledger.Api.Apis;
using IndieGent.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Ledger.Tests;

/// <summary>The Ledger service on a real broker: accounts open on AgentCreated, deposits credit once.</summary>
public sealed class The_ledger_on_the_bus(PostgresFixture postgres, RabbitMqFixture rabbit) : IAsyncLifetime
{
    private const string Token = "0x036cbd53842c5426634e7929541ec2318f3dcf7e";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
    private WebApplicationFactory<LedgerApi> _factory = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync("ledgerbus");
        var vhost = await rabbit.CreateVirtualHostAsync(Ct);
        _factory = new WebApplicationFactory<LedgerApi>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:ledgerdb", database)
            .UseSetting("ConnectionStrings:rabbitmq", vhost)
            .UseSetting("Chain:TokenAddress", Token)
            .UseSetting(Identities.PublicKeySetting, Identities.PublicKey)
            .UseSetting("Tickets:KeyId", "test")
            .UseSetting("Tickets:PrivateKey", IndieGent.ServiceDefaults.Signing.Es256Keys.GenerateKeyPair().PrivateKey));
        _ = _factory.Server;
        await _factory.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_deposit_announced_three_times_is_credited_once_to_the_account_opened_for_the_agent()
    {
        var (agent, _, http) = await OpenedAgentAsync();
        using var _ = http;
        var bus = _factory.Services.GetRequiredService<IBus>();

        var deposit = new DepositObserved(agent, $"31337:0x{Guid.NewGuid():N}{Guid.NewGuid():N}:0", "0x2222222222222222222222222222222222222222",
            "0x3333333333333333333333333333333333333333", "1500000", Token, "0xtx", 0, 10, DateTimeOffset.UtcNow);
        for (var i = 0; i < 3; i++)
            await bus.Publish(deposit, Ct);
        var marker = deposit with { DepositId = deposit.DepositId + "-marker", Amount = "1" };
        await bus.Publish(marker, Ct);

        // Deposits are consumed in order per queue only loosely; wait for the marker, then check the total.
        await Eventually.HoldsAsync(async () => (await Balance(http, agent)).Credits >= 1_500_001, Ct);
        var balance = await Balance(http, agent);
        Assert.Equal(1_500_001, balance.Credits);
        Assert.Equal(1_500_001, balance.Available);
    }

    [Fact]
    public async Task A_deposit_a_reorganisation_removed_is_reversed_once_and_the_reversal_is_announced()
    {
        var (agent, _, http) = await OpenedAgentAsync();
        using var _ = http;
        var bus = _factory.Services.GetRequiredService<IBus>();
        var reversals = new System.Collections.Concurrent.ConcurrentQueue<DepositReversed>();
        var handle = bus.ConnectReceiveEndpoint(e => e.Handler<DepositReversed>(c =>
        {
            reversals.Enqueue(c.Message);
            return Task.CompletedTask;
        }));
        await handle.Ready;

        var deposit = new DepositObserved(agent, $"31337:0x{Guid.NewGuid():N}{Guid.NewGuid():N}:0", "0x2222222222222222222222222222222222222222",
            "0x3333333333333333333333333333333333333333", "700000", Token, "0xtx", 0, 10, DateTimeOffset.UtcNow);
        await bus.Publish(deposit, Ct);
        await Eventually.HoldsAsync(async () => (await Balance(http, agent)).Credits == 700_000, Ct);

        var removed = new DepositReorganisedOut(agent, deposit.DepositId, deposit.ToAddress, deposit.Amount, deposit.TxHash, deposit.BlockNumber,
            "0xformerblock", DateTimeOffset.UtcNow);
        await bus.Publish(removed, Ct);
        await bus.Publish(removed, Ct);

        await Eventually.HoldsAsync(() => Task.FromResult(!reversals.IsEmpty), Ct);
        var reversed = Assert.Single(reversals);
        Assert.Equal((deposit.DepositId, "700000", 0L), (reversed.DepositId, reversed.Amount, reversed.Available));
        // The second alert changed nothing: a marker deposit behind it lands on exactly the reversed balance.
        await bus.Publish(deposit with { DepositId = deposit.DepositId + "-marker", Amount = "1" }, Ct);
        await Eventually.HoldsAsync(async () => (await Balance(http, agent)).Credits == 1, Ct);
        Assert.Single(reversals);
        await handle.StopAsync(Ct);
    }

    [Fact]
    public async Task Confirmations_of_many_payments_of_one_agent_at_once_are_each_captured_once()
    {
        const int Payments = 20;
        const long Price = 1_000;
        var (agent, operatorId, http) = await OpenedAgentAsync(funding: 1_000_000);
        using var _ = http;
        var bus = _factory.Services.GetRequiredService<IBus>();

        var payments = new List<Guid>();
        for (var i = 0; i < Payments; i++)
        {
            var id = Guid.NewGuid();
            var terms = new PaymentTerms("mpp", 31337, Token, "0x1111111111111111111111111111111111111111", Price.ToString(), "authorization",
                "api.example.com", $"challenge-{i}", "api.example.com", DateTimeOffset.UtcNow.AddMinutes(5), "Payment id=\"x\"");
            using var reserved = await http.PostAsJsonAsync("/internal/payments", new PaymentRequested(id, agent, operatorId, $"key-{i}", terms,
                DateTimeOffset.UtcNow), Ct);
            reserved.EnsureSuccessStatusCode();
            await bus.Publish(new CredentialIssued(id, "Payment cred", DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow), Ct);
            payments.Add(id);
        }

        await Eventually.HoldsAsync(async () => await AllAsync(http, payments, "Authorized"), Ct);
        // Every capture appends to the same account stream at the same moment: they conflict, retry and all land.
        await Task.WhenAll(payments.Select(id => bus.Publish(new Confirmed(id, "0x" + id.ToString("N"), 12, Price.ToString(), DateTimeOffset.UtcNow), Ct)));

        await Eventually.HoldsAsync(async () => await AllAsync(http, payments, "Settled"), Ct);
        var balance = await Balance(http, agent);
        Assert.Equal((0L, 1_000_000 - Payments * Price), (balance.Pending, balance.Available));
    }

    [Fact]
    public async Task A_marketplace_charge_sent_again_by_the_gateways_transport_is_still_the_request_that_makes_the_call()
    {
        var (agent, operatorId, http) = await OpenedAgentAsync(funding: 1_000_000);
        using var _ = http;

        var call = new PaymentRequested(Guid.NewGuid(), agent, operatorId, "call-1", new PaymentTerms(MarketplaceCharges.Protocol, 31337, Token,
            "0x00000000000000000000000000000000000000aa", "5000", MarketplaceCharges.CredentialType, "provider.example", null, "echo", null),
            DateTimeOffset.UtcNow);
        var attempt = Guid.NewGuid();
        async Task<MarketplaceCharge> ChargeAsync(Guid sentAs)
        {
            using var response = await http.PostAsJsonAsync("/internal/marketplace/charges", new MarketplaceChargeRequested(call, sentAs), Ct);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<MarketplaceCharge>(Json, Ct))!;
        }

        // The first send reserved and claimed the call, but its answer was lost: the resend is the same request, and goes on.
        Assert.True((await ChargeAsync(attempt)).Proceed);
        var resent = await ChargeAsync(attempt);
        Assert.Equal((PaymentStatus.Settling, true), (resent.Status, resent.Proceed));
        // Another request of the agent with the same Idempotency-Key is not let through while that one is under way.
        var other = await ChargeAsync(Guid.NewGuid());
        Assert.Equal((PaymentStatus.Settling, false), (other.Status, other.Proceed));
        Assert.Equal(5000, (await Balance(http, agent)).Pending);
    }

    /// <summary>An agent whose account the Ledger opened from <see cref="AgentCreated"/> (and credited with a deposit of <paramref name="funding"/>), and a client as that agent.</summary>
    private async Task<(Guid Agent, Guid OperatorId, HttpClient Http)> OpenedAgentAsync(long funding = 0)
    {
        var agent = Guid.NewGuid();
        var operatorId = Guid.NewGuid();
        var bus = _factory.Services.GetRequiredService<IBus>();
        await bus.Publish(new AgentCreated(agent, operatorId, "agent", "0x2222222222222222222222222222222222222222", DateTimeOffset.UtcNow), Ct);
        var http = _factory.ClientAs(ServiceDefaults.Identity.IdentityRoles.Agent, operatorId, agent);
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"/v1/accounts/{agent}/balance", Ct)).IsSuccessStatusCode, Ct);
        if (funding > 0)
        {
            await bus.Publish(new DepositObserved(agent, $"31337:0x{Guid.NewGuid():N}:0", "0x2222222222222222222222222222222222222222",
                "0x3333333333333333333333333333333333333333", funding.ToString(System.Globalization.CultureInfo.InvariantCulture), Token, "0xtx", 0, 10,
                DateTimeOffset.UtcNow), Ct);
            await Eventually.HoldsAsync(async () => (await Balance(http, agent)).Credits == funding, Ct);
        }

        return (agent, operatorId, http);
    }

    private static async Task<bool> AllAsync(HttpClient http, IEnumerable<Guid> payments, string status)
    {
        foreach (var id in payments)
        {
            var view = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/payments/{id}", Ct);
            if (view.GetProperty("status").GetString() != status)
                return false;
        }

        return true;
    }

    private static async Task<AccountsApi.Balance> Balance(HttpClient http, Guid agent) =>
        (await http.GetFromJsonAsync<AccountsApi.Balance>($"/v1/accounts/{agent}/balance", Ct))!;

}
