using System.Numerics;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.Token.Functions;
using IndieGent.Testing;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace IndieGent.Chain.Tests;

/// <summary>
/// A token and a Permit2 deployed once per test class. Tests take fresh accounts, so they share no
/// balances or nonces; a payer has the token and has approved Permit2 on it without limit.
/// </summary>
public sealed class Permit2Fixture(AnvilFixture anvil) : IAsyncLifetime
{
    private static readonly BigInteger _unlimited = BigInteger.Pow(2, 256) - 1;

    public AnvilFixture Anvil => anvil;

    public long ChainId => anvil.ChainId;

    /// <summary>The token's deployer and minter.</summary>
    public Party Owner { get; private set; } = null!;

    public EvmAddress Token { get; private set; }

    /// <summary>Permit2 as deployed by a transaction (at a CREATE address).</summary>
    public EvmAddress Permit2 { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var deployer = await anvil.CreateFundedAccountAsync(ct);
        var web3 = anvil.CreateWeb3(deployer.PrivateKey);
        Token = await TokenDeployer.DeployAsync(web3, new TokenDeploymentOptions(), ct);
        Permit2 = (await Permit2Deployer.DeployAsync(web3, ct)).Address;
        Owner = Party.For(anvil, deployer, Token);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A fresh account with gas money and nothing else (a spender, a recipient).</summary>
    public async Task<Party> NewAccountAsync(CancellationToken cancellationToken = default) =>
        Party.For(anvil, await anvil.CreateFundedAccountAsync(cancellationToken), Token);

    /// <summary>A fresh account holding <paramref name="usdc"/> base units, with Permit2 approved without limit.</summary>
    public async Task<Party> NewPayerAsync(BigInteger usdc, CancellationToken cancellationToken = default)
    {
        var payer = await NewAccountAsync(cancellationToken);
        await Owner.Token.MintAsync(payer.Address, usdc, cancellationToken);
        await ApproveAsync(payer, Permit2, cancellationToken);
        return payer;
    }

    /// <summary><paramref name="payer"/> approves <paramref name="permit2"/> on the token without limit.</summary>
    public static Task ApproveAsync(Party payer, EvmAddress permit2, CancellationToken cancellationToken = default) =>
        payer.Token.SendAsync(new ApproveFunction { Spender = permit2.ToChecksumHex(), Value = _unlimited }, cancellationToken);

    /// <summary>A Permit2 client that sends from <paramref name="sender"/> (the spender of what it submits).</summary>
    public Permit2Client Client(Party sender, EvmAddress? at = null) => new(sender.Web3, at ?? Permit2);

    /// <summary>The latest block's timestamp; deadlines are set relative to chain time, not the wall clock.</summary>
    public async Task<BigInteger> ChainTimeAsync(CancellationToken cancellationToken = default)
    {
        var block = await Owner.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(BlockParameter.CreateLatest()).WaitAsync(cancellationToken);
        return block.Timestamp.Value;
    }
}

/// <summary>Assertions on Permit2's refusals.</summary>
public static class Permit2Reverts
{
    /// <summary>
    /// Runs <paramref name="action"/>, asserts Permit2 refused it with <typeparamref name="TError"/> (its
    /// name in the exception's message), and returns the decoded error.
    /// </summary>
    public static async Task<TError> WithAsync<TError>(Func<Task> action)
        where TError : class, new()
    {
        var exception = await Assert.ThrowsAsync<Permit2RevertException>(action);
        Assert.True(
            exception.IsCustomErrorFor<TError>(),
            $"Expected the revert {typeof(TError).Name}, but it was {exception.Message} ({exception.ExceptionEncodedData}).");
        var name = ABITypedRegistry.GetError(typeof(TError)).Name;
        Assert.Equal(name, exception.ErrorName);
        Assert.StartsWith($"Permit2 refused the call: {name}(", exception.Message, StringComparison.Ordinal);
        return exception.DecodeError<TError>();
    }
}
