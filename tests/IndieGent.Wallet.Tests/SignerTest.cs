using IndieGent.Chain;
using IndieGent.Testing;

namespace IndieGent.Wallet.Tests;

/// <summary>A Wallet host with one operator and one agent, whose wallet the signer tests sign from.</summary>
public abstract class SignerTest(PostgresFixture postgres) : IAsyncLifetime
{
    protected static readonly EvmAddress Merchant = EvmAddress.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    protected static readonly EvmAddress Token = EvmAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");

    protected WalletHost Host { get; } = new(postgres);

    protected Guid AgentId { get; private set; }

    protected EvmAddress AgentAddress { get; private set; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await Host.InitializeAsync();
        var op = await Host.CreateOperatorAsync();
        var agent = await Host.CreateAgentAsync(op.Id);
        AgentId = agent.Agent.Id;
        AgentAddress = EvmAddress.Parse(agent.Agent.WalletAddress);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
