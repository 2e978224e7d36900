using IndieGent.Chain;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Settlement.Api.Relaying;
using IndieGent.Testing;
using Marten;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace IndieGent.Settlement.Tests;

/// <summary>
/// A test of Settlement's chain followers without the service around them: a chain of the test's own (its snapshots and
/// reverts touch no other test), the token deployed there by a funded owner, and a Settlement database.
/// </summary>
public abstract class OwnChainTest(PostgresFixture postgres) : IAsyncLifetime
{
    protected const int Confirmations = 2;

    private string _ownerKey = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected AnvilFixture Anvil { get; private set; } = null!;

    protected DocumentStore Store { get; private set; } = null!;

    /// <summary>The token's owner (it mints); a new client after <see cref="RevertAsync"/>.</summary>
    protected Web3 Owner { get; private set; } = null!;

    protected TokenClient Token { get; private set; } = null!;

    /// <summary>The chain as Settlement is configured for it; scanning starts at the block the token was deployed in.</summary>
    protected ChainOptions ChainSettings { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Anvil = await AnvilFixture.StartPrivateAsync();
        Store = DocumentStore.For(o =>
        {
            o.Connection(postgres.CreateDatabaseAsync("settlement").GetAwaiter().GetResult());
            o.DatabaseSchemaName = "settlement";
            SettlementStoreConfiguration.Configure(o);
            o.Schema.For<RelayedTransfer>().UseOptimisticConcurrency(true);
        });
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _ownerKey = (await Anvil.CreateFundedAccountAsync(Ct)).PrivateKey;
        Owner = Anvil.CreateWeb3(_ownerKey);
        Token = new TokenClient(Owner, await TokenDeployer.DeployAsync(Owner, new TokenDeploymentOptions(), Ct));
        ChainSettings = new ChainOptions
        {
            RpcUrl = Anvil.RpcUrl, ChainId = Anvil.ChainId, TokenAddress = Token.Address.ToString(), Confirmations = Confirmations,
            StartBlock = await HeadAsync(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
            await Store.DisposeAsync();
        if (Anvil is not null)
            await Anvil.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected Task Mine(int blocks) => Anvil.CallAsync("anvil_mine", [new HexBigInteger(blocks).HexValue], Ct);

    protected async Task<long> HeadAsync() => (long)(await new Web3(Anvil.RpcUrl).Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    protected async Task<string> SnapshotAsync() => (await Anvil.CallAsync("evm_snapshot", [], Ct)).GetString()!;

    /// <summary>Replaces every block since <paramref name="snapshot"/>; the owner's client, which remembers the nonces it used, starts again from the chain's count.</summary>
    protected async Task RevertAsync(string snapshot)
    {
        await Anvil.CallAsync("evm_revert", [snapshot], Ct);
        Owner = Anvil.CreateWeb3(_ownerKey);
        Token = new TokenClient(Owner, Token.Address);
    }

    /// <summary>Whether a JSON-RPC call asks for block <paramref name="number"/> (for a <see cref="JsonRpcFront"/> that acts at that moment).</summary>
    protected static bool IsBlockRequest(System.Text.Json.Nodes.JsonObject call, long number) =>
        (string?)call["method"] == "eth_getBlockByNumber" && call["params"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } parameters &&
        (string?)parameters[0] is { } asked && asked.StartsWith("0x", StringComparison.Ordinal) &&
        long.Parse(asked.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) == number;
}
