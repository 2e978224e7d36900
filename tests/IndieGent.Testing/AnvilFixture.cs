using System.Diagnostics;
using IndieGent.Testing.Servers;
using Nethereum.Hex.HexTypes;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Xunit;

namespace IndieGent.Testing;

/// <summary>
/// A private anvil chain (chain id 31337) for a test assembly:
/// <c>[assembly: AssemblyFixture(typeof(AnvilFixture))]</c>, then take it in test class constructors.
/// </summary>
/// <remarks>
/// anvil always runs as a local process (the pinned binary that <c>eng/prereqs.sh</c> installs),
/// on a free loopback port; it is stopped when the fixture is disposed or the test process dies.
/// Test classes share the chain: isolate them with <see cref="CreateFundedAccountAsync"/>, one
/// fresh account per test class or test, rather than sending from a shared account.
/// </remarks>
public sealed class AnvilFixture : IAsyncLifetime
{
    /// <summary>anvil's first dev account (mnemonic "test test … junk"), funded at genesis.</summary>
    private const string DevAccount0PrivateKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    // 1000 ETH: enough gas money for any test, far from anything that could overflow.
    private static readonly HexBigInteger FundingWei = new(Nethereum.Util.UnitConversion.Convert.ToWei(1000));

    private readonly bool _prestart;
    private AnvilServer? _server;

    /// <summary>Used by xunit; the chain starts in <see cref="InitializeAsync"/>.</summary>
    public AnvilFixture()
        : this(prestart: true)
    {
    }

    /// <param name="prestart">False: never take a server started ahead for the assembly (for tests that own their fixture).</param>
    internal AnvilFixture(bool prestart) => _prestart = prestart;

    /// <summary>
    /// A chain of the caller's own (dispose it): for a test that reorganises or pauses the chain, which the assembly's
    /// shared chain must never see.
    /// </summary>
    public static async Task<AnvilFixture> StartPrivateAsync()
    {
        var anvil = new AnvilFixture(prestart: false);
        await anvil.InitializeAsync();
        return anvil;
    }

    /// <summary>The JSON-RPC endpoint, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string RpcUrl => Server.RpcUrl;

    /// <summary>The chain id, 31337.</summary>
    public long ChainId => AnvilServer.ChainId;

    /// <summary>
    /// anvil's dev account 0, funded at genesis. Shared by every test of the assembly: sending from
    /// it in parallel races for nonces, prefer <see cref="CreateFundedAccountAsync"/>.
    /// </summary>
    public string DeployerPrivateKey => DevAccount0PrivateKey;

    internal LocalServer LocalServer => Server.Server;

    private AnvilServer Server => _server ?? throw new InvalidOperationException("The chain is not started: InitializeAsync has not run.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var waited = Stopwatch.StartNew();
        _server = _prestart
            ? await Prestart.TakeAsync<AnvilServer>(typeof(AnvilFixture), cancellationToken)
            : await AnvilServer.StartAsync(cancellationToken);
        // Shown with xunit's diagnostic messages on: where the server runs and what start-up cost this fixture.
        TestContext.Current.SendDiagnosticMessage(
            $"AnvilFixture: anvil as a local process at {RpcUrl}, ready after {waited.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// A new random account holding 1000 ETH. Funded with <c>anvil_setBalance</c>, not by a
    /// transfer, so concurrent calls never compete for a shared sender's nonce.
    /// </summary>
    public async Task<TestAccount> CreateFundedAccountAsync(CancellationToken cancellationToken = default)
    {
        var key = EthECKey.GenerateKey();
        var account = new TestAccount(key.GetPublicAddress(), key.GetPrivateKey());
        await JsonRpc.CallAsync(RpcUrl, "anvil_setBalance", [account.Address, FundingWei.HexValue], cancellationToken);
        return account;
    }

    /// <summary>Sets an address's native balance (gas money), in wei.</summary>
    public Task SetBalanceAsync(string address, System.Numerics.BigInteger wei, CancellationToken cancellationToken = default) =>
        JsonRpc.CallAsync(RpcUrl, "anvil_setBalance", [address, new HexBigInteger(wei).HexValue], cancellationToken);

    /// <summary>Any JSON-RPC call on the chain (anvil's own methods included: evm_setAutomine, anvil_dropTransaction, …).</summary>
    public Task<System.Text.Json.JsonElement> CallAsync(string method, object[] parameters, CancellationToken cancellationToken = default) =>
        JsonRpc.CallAsync(RpcUrl, method, parameters, cancellationToken);

    /// <summary>
    /// A Web3 client that signs with <paramref name="privateKey"/> for this chain. It takes each
    /// nonce from the chain's pending count: send one transaction at a time per account.
    /// </summary>
    public Web3 CreateWeb3(string privateKey) => new(new Account(privateKey, ChainId), RpcUrl);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
