using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Funding;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Testing;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace IndieGent.Settlement.Tests;

public sealed class When_scanning_for_deposits(PostgresFixture postgres, AnvilFixture anvil) : IAsyncLifetime
{
    private const int Confirmations = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DocumentStore _store = null!;
    private Web3 _owner = null!;
    private TokenClient _token = null!;
    private ChainOptions _options = null!;

    public async ValueTask InitializeAsync()
    {
        _store = DocumentStore.For(o =>
        {
            o.Connection(postgres.CreateDatabaseAsync("settlement").GetAwaiter().GetResult());
            o.DatabaseSchemaName = "settlement";
            SettlementStoreConfiguration.Configure(o);
        });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var owner = await anvil.CreateFundedAccountAsync(Ct);
        _owner = anvil.CreateWeb3(owner.PrivateKey);
        var tokenAddress = await TokenDeployer.DeployAsync(_owner, new TokenDeploymentOptions(), Ct);
        _token = new TokenClient(_owner, tokenAddress);
        var head = (long)(await _owner.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        _options = new ChainOptions
        {
            RpcUrl = anvil.RpcUrl, ChainId = anvil.ChainId, TokenAddress = tokenAddress.ToString(), Confirmations = Confirmations,
            StartBlock = head,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
    }

    // A scanner as a fresh replica runs one pass: in its own session, which it commits.
    private async Task<IReadOnlyList<DepositObserved>> ScanAsync(Func<IDocumentSession, DepositObserved, CancellationToken, Task> announce)
    {
        await using var session = _store.LightweightSession();
        return await new DepositScanner(new Web3(anvil.RpcUrl), Options.Create(_options), TimeProvider.System, NullLogger<DepositScanner>.Instance)
            .ScanOnceAsync(session, announce, Ct);
    }

    private static Task Ignore(IDocumentSession session, DepositObserved deposit, CancellationToken ct) => Task.CompletedTask;

    private async Task<(Guid Agent, EvmAddress Address)> WatchNewWallet()
    {
        var address = EvmAddress.Parse((await anvil.CreateFundedAccountAsync(Ct)).Address);
        var agent = Guid.NewGuid();
        await using var session = _store.LightweightSession();
        session.Store(new WatchedAddress(address.ToLowerHex(), agent, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(Ct);
        return (agent, address);
    }

    private Task Mine(int blocks) =>
        _owner.Client.SendRequestAsync<object>("anvil_mine", null, new HexBigInteger(blocks).HexValue);

    [Fact]
    public async Task A_transfer_to_an_agent_wallet_is_recorded_once_and_only_after_its_confirmations()
    {
        var (agent, wallet) = await WatchNewWallet();
        await _token.MintAsync(wallet, new BigInteger(5_000_000), Ct);

        Assert.Empty(await ScanAsync(Ignore));

        await Mine(Confirmations);
        var deposit = Assert.Single(await ScanAsync(Ignore));
        Assert.Equal(agent, deposit.CorrelationId);
        Assert.Equal("5000000", deposit.Amount);
        Assert.Equal(wallet.ToLowerHex(), deposit.ToAddress);
        Assert.StartsWith($"{anvil.ChainId}:0x", deposit.DepositId, StringComparison.Ordinal);

        // Scanning again, or from a restarted scanner, finds nothing new.
        await Mine(3);
        Assert.Empty(await ScanAsync(Ignore));
        await using var session = _store.QuerySession();
        Assert.Equal(1, await session.Query<Deposit>().CountAsync(d => d.AgentId == agent, Ct));
    }

    [Fact]
    public async Task A_deposit_confirmed_before_settlement_heard_of_the_wallet_is_still_recorded_once()
    {
        // The deposit is sent and confirmed, and its blocks scanned, before the wallet's event arrives.
        var wallet = EvmAddress.Parse((await anvil.CreateFundedAccountAsync(Ct)).Address);
        await _token.MintAsync(wallet, new BigInteger(3_000_000), Ct);
        await Mine(Confirmations + 1);
        await ScanAsync(Ignore);

        var agent = Guid.NewGuid();
        await using (var session = _store.LightweightSession())
        {
            session.Store(new WatchedAddress(wallet.ToLowerHex(), agent, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync(Ct);
        }

        await Mine(1);
        var deposit = Assert.Single(await ScanAsync(Ignore), d => d.CorrelationId == agent);
        Assert.Equal("3000000", deposit.Amount);
        await Mine(2);
        Assert.DoesNotContain(await ScanAsync(Ignore), d => d.CorrelationId == agent);
        await using var query = _store.QuerySession();
        Assert.Equal(1, await query.Query<Deposit>().CountAsync(d => d.AgentId == agent, Ct));
        Assert.True((await query.LoadAsync<WatchedAddress>(wallet.ToLowerHex(), Ct))!.Backfilled);
    }

    [Fact]
    public async Task Transfers_to_addresses_nobody_watches_are_ignored()
    {
        await WatchNewWallet();
        var stranger = EvmAddress.Parse((await anvil.CreateFundedAccountAsync(Ct)).Address);
        await _token.MintAsync(stranger, new BigInteger(1_000), Ct);
        await Mine(Confirmations);

        var recorded = await ScanAsync(Ignore);
        Assert.DoesNotContain(recorded, d => d.ToAddress == stranger.ToLowerHex());
    }

    [Fact]
    public async Task A_failure_while_announcing_commits_nothing_and_the_next_scan_records_the_deposit()
    {
        var (agent, wallet) = await WatchNewWallet();
        await _token.MintAsync(wallet, new BigInteger(7), Ct);
        await Mine(Confirmations);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ScanAsync(
            (_, _, _) => throw new InvalidOperationException("broker down")));

        var deposit = Assert.Single(await ScanAsync(Ignore), d => d.CorrelationId == agent);
        Assert.Equal("7", deposit.Amount);
    }

    [Fact]
    public async Task Two_replicas_scanning_the_same_blocks_record_each_deposit_once()
    {
        var (agent, wallet) = await WatchNewWallet();
        await _token.MintAsync(wallet, new BigInteger(42), Ct);
        await Mine(Confirmations);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => ScanAsync(Ignore), Ct)));

        Assert.Single(results.SelectMany(r => r), d => d.CorrelationId == agent);
        await using var session = _store.QuerySession();
        Assert.Equal(1, await session.Query<Deposit>().CountAsync(d => d.AgentId == agent, Ct));
    }
}
