using System.Net.Http.Json;
using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Funding;
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
    private WebApplicationFactory<LedgerApi> _factory = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync("ledgerbus");
        var vhost = await rabbit.CreateVirtualHostAsync(Ct);
        _factory = new WebApplicationFactory<LedgerApi>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:ledgerdb", database)
            .UseSetting("ConnectionStrings:rabbitmq", vhost)
            .UseSetting("Chain:TokenAddress", Token)
            .UseSetting("Identity:InternalSigningKey", Identities.KeySetting)
            .UseSetting("Tickets:KeyId", "test")
            .UseSetting("Tickets:PrivateKey", IndieGent.ServiceDefaults.Tickets.ApprovalTicketExtensions.GenerateKeyPair().PrivateKey));
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
        var agent = Guid.NewGuid();
        var operatorId = Guid.NewGuid();
        var bus = _factory.Services.GetRequiredService<IBus>();
        await bus.Publish(new AgentCreated(agent, operatorId, "demo", "0x2222222222222222222222222222222222222222", DateTimeOffset.UtcNow), Ct);
        using var http = _factory.CreateClient().As(ServiceDefaults.Identity.IdentityRoles.Agent, operatorId, agent);
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"/v1/accounts/{agent}/balance", Ct)).IsSuccessStatusCode, Ct);

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

    private static async Task<AccountsApi.Balance> Balance(HttpClient http, Guid agent) =>
        (await http.GetFromJsonAsync<AccountsApi.Balance>($"/v1/accounts/{agent}/balance", Ct))!;

}
