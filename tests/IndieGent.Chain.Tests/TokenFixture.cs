using System.Numerics;
using IndieGent.Testing;
using Nethereum.RPC.Eth.DTOs;

namespace IndieGent.Chain.Tests;

/// <summary>
/// A token deployed once per test class, from a fresh funded account that becomes its owner.
/// Tests take fresh accounts from <see cref="NewAccountAsync"/>, so they do not share balances.
/// </summary>
public sealed class TokenFixture(AnvilFixture anvil) : IAsyncLifetime
{
    public AnvilFixture Anvil => anvil;

    public EvmAddress Address { get; private set; }

    /// <summary>The deployer, owner and only minter.</summary>
    public Party Owner { get; private set; } = null!;

    public TokenDomain Domain { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var deployer = await anvil.CreateFundedAccountAsync(ct);
        Address = await TokenDeployer.DeployAsync(anvil.CreateWeb3(deployer.PrivateKey), new TokenDeploymentOptions(), ct);
        Owner = Party.For(anvil, deployer, Address);
        Domain = await TokenDomain.ReadAsync(Owner.Web3, Address, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A fresh account with gas money and <paramref name="usdc"/> base units minted to it.</summary>
    public async Task<Party> NewAccountAsync(BigInteger usdc = default, CancellationToken cancellationToken = default)
    {
        var party = Party.For(anvil, await anvil.CreateFundedAccountAsync(cancellationToken), Address);
        if (usdc > 0)
        {
            await Owner.Token.MintAsync(party.Address, usdc, cancellationToken);
        }

        return party;
    }

    /// <summary>
    /// The latest block's timestamp. Validity windows are set relative to chain time, not the wall
    /// clock: anvil's block times can run ahead of the wall clock when blocks are mined quickly.
    /// </summary>
    public async Task<BigInteger> ChainTimeAsync(CancellationToken cancellationToken = default)
    {
        var block = await Owner.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(BlockParameter.CreateLatest()).WaitAsync(cancellationToken);
        return block.Timestamp.Value;
    }
}
