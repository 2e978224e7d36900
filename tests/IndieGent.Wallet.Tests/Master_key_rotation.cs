using IndieGent.ServiceDefaults.Identity;
using System.Net.Http.Json;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Apis;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

/// <summary>Three generations of the service on one database: before, during and after a master key rotation.</summary>
public sealed class Master_key_rotation(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly WalletHost _before = new(postgres);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _before.InitializeAsync();

    public ValueTask DisposeAsync() => _before.DisposeAsync();

    [Fact]
    public async Task Rewrap_moves_every_agent_to_the_new_key_so_the_old_one_can_be_retired()
    {
        var op = await _before.CreateOperatorAsync();
        var agent = await _before.CreateAgentAsync(op.Id);
        Assert.Equal("a", await MasterKeyIdAsync(_before, agent.Agent.Id));

        await using (var during = WalletHost.Create(_before.ConnectionString, new CapturedLogs(), activeKey: "b"))
        {
            using var admin = during.CreateDefaultClient(new ForwardedIdentitySigningHandler(TestSecrets.Signer(), "wallet",
                new ForwardedIdentity(IdentityRoles.Admin, null, null, "test-key", DateTimeOffset.UtcNow)));
            using var response = await admin.PostAsync("/internal/master-keys/rewrap", null, Ct);
            response.EnsureSuccessStatusCode();
            // The agent's key, the operator's treasury's, the platform relayer's and the marketplace settlement wallet's.
            Assert.Equal(new InternalApi.Rewrapped(4, "b"), await response.Content.ReadFromJsonAsync<InternalApi.Rewrapped>(Ct));
        }

        await using var after = WalletHost.Create(_before.ConnectionString, new CapturedLogs(), activeKey: "b", includeKeyA: false);
        Assert.Equal("b", await MasterKeyIdAsync(after, agent.Agent.Id));
        Assert.Equal("b", await MasterKeyIdAsync(after, PlatformWallet.RelayerId));
        Assert.Equal("b", await MasterKeyIdAsync(after, PlatformWallet.MarketplaceSettlementId));
        Assert.Equal("b", await MasterKeyIdAsync(after, op.TreasuryId));

        // Only key b is configured now, and the agent can still sign.
        var paymentId = Guid.NewGuid();
        var token = EvmAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
        const string merchant = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        using var scope = after.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<PaymentSigner>().SignAsync(new TransferSigningRequest(
            paymentId, agent.Agent.Id, 31337, token.ToChecksumHex(), "USDC", "2", merchant, "100", 0,
            DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(), "0x" + Convert.ToHexStringLower(Eip3009.NewNonce())),
            TestSecrets.Ticket(paymentId, agent.Agent.Id, 31337, token.ToChecksumHex(), merchant, "100"), Ct);
        Assert.True(outcome.Signed, outcome.Detail);
    }

    private static async Task<string> MasterKeyIdAsync(WalletHost host, Guid agentId) =>
        await MasterKeyIdAsync(host.Factory, agentId);

    private static async Task<string> MasterKeyIdAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Api.WalletApi> factory, Guid agentId)
    {
        await using var session = factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<AgentKeyEnvelope>(agentId, Ct))!.MasterKeyId;
    }
}
