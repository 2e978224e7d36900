using System.Collections.Concurrent;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Funding;
using IndieGent.Settlement.Api;
using IndieGent.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;

namespace IndieGent.Settlement.Tests;

/// <summary>The service as deployed: real broker, database and chain; messages in, messages out.</summary>
public sealed class The_settlement_service(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly ConcurrentQueue<DepositObserved> _observed = new();
    private WebApplicationFactory<SettlementApi> _factory = null!;
    private TokenClient _token = null!;

    public async ValueTask InitializeAsync()
    {
        var owner = anvil.CreateWeb3((await anvil.CreateFundedAccountAsync(Ct)).PrivateKey);
        var token = await TokenDeployer.DeployAsync(owner, new TokenDeploymentOptions(), Ct);
        _token = new TokenClient(owner, token);
        var head = (await owner.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

        var database = await postgres.CreateDatabaseAsync("settlementsvc");
        var vhost = await rabbit.CreateVirtualHostAsync(Ct);
        _factory = new WebApplicationFactory<SettlementApi>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:settlementdb", database)
            .UseSetting("Identity:PublicKeys:test-gateway", IndieGent.ServiceDefaults.Signing.Es256Keys.GenerateKeyPair().PublicKey)
            .UseSetting("ConnectionStrings:rabbitmq", vhost)
            .UseSetting("Chain:RpcUrl", anvil.RpcUrl)
            .UseSetting("Chain:ChainId", anvil.ChainId.ToString())
            .UseSetting("Chain:TokenAddress", token.ToString())
            .UseSetting("Chain:Confirmations", "1")
            .UseSetting("Chain:StartBlock", head.ToString())
            .UseSetting("Chain:PollInterval", "00:00:00.200"));
        _ = _factory.Server; // start the host

        var bus = _factory.Services.GetRequiredService<IBus>();
        var handle = bus.ConnectReceiveEndpoint("settlement-tests-deposits", e => e.Handler<DepositObserved>(c =>
        {
            _observed.Enqueue(c.Message);
            return Task.CompletedTask;
        }));
        await handle.Ready.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Announces_a_confirmed_deposit_to_a_newly_created_agent_wallet_exactly_once()
    {
        var wallet = EvmAddress.Parse((await anvil.CreateFundedAccountAsync(Ct)).Address);
        var agent = Guid.NewGuid();
        var bus = _factory.Services.GetRequiredService<IBus>();
        await bus.Publish(new AgentCreated(agent, Guid.NewGuid(), "demo", wallet.ToString(), DateTimeOffset.UtcNow), Ct);
        await Eventually.HoldsAsync(async () => await IsWatched(wallet), Ct);

        await _token.MintAsync(wallet, new BigInteger(2_500_000), Ct);
        var web3 = anvil.CreateWeb3((await anvil.CreateFundedAccountAsync(Ct)).PrivateKey);
        await web3.Client.SendRequestAsync<object>("anvil_mine", null, new HexBigInteger(2).HexValue);

        await Eventually.HoldsAsync(() => Task.FromResult(_observed.Any(d => d.CorrelationId == agent)), Ct);
        await web3.Client.SendRequestAsync<object>("anvil_mine", null, new HexBigInteger(3).HexValue);
        // Further scans over later blocks must not announce it again.
        await Eventually.HoldsAsync(async () => await CursorPassed(web3), Ct);

        var deposit = Assert.Single(_observed, d => d.CorrelationId == agent);
        Assert.Equal("2500000", deposit.Amount);
        Assert.Equal(wallet.ToLowerHex(), deposit.ToAddress);
    }

    private async Task<bool> IsWatched(EvmAddress wallet)
    {
        await using var session = _factory.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        return await session.LoadAsync<Api.Deposits.WatchedAddress>(wallet.ToLowerHex(), Ct) is not null;
    }

    private async Task<bool> CursorPassed(Nethereum.Web3.IWeb3 web3)
    {
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        await using var session = _factory.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var cursors = await Marten.QueryableExtensions.ToListAsync(session.Query<Api.Deposits.ScanCursor>(), Ct);
        return cursors.Any(c => c.LastBlock >= head - 1);
    }

}
