using System.Numerics;
using System.Security.Cryptography;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402;
using IndieGent.Testing;
using Nethereum.Contracts;

namespace IndieGent.Chain.Tests;

/// <summary>
/// A token, a Permit2 and both x402 Permit2 proxies (built with that Permit2) deployed once per test class.
/// Tests take fresh accounts, so they share no balances or nonces; a payer has the token and has approved
/// Permit2 on it without limit.
/// </summary>
public sealed class X402ProxyFixture(AnvilFixture anvil) : IAsyncLifetime
{
    private readonly Permit2Fixture _chain = new(anvil);

    public AnvilFixture Anvil => anvil;

    public long ChainId => anvil.ChainId;

    /// <summary>The token's owner and minter, who also deployed Permit2 and the proxies.</summary>
    public Party Owner => _chain.Owner;

    public EvmAddress Token => _chain.Token;

    public EvmAddress Permit2 => _chain.Permit2;

    /// <summary>The <c>upto</c> proxy as deployed (at a CREATE address), calling <see cref="Permit2"/>.</summary>
    public EvmAddress Upto { get; private set; }

    /// <summary>The <c>exact</c> proxy as deployed (at a CREATE address), calling <see cref="Permit2"/>.</summary>
    public EvmAddress Exact { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await _chain.InitializeAsync();
        Upto = (await X402UptoPermit2ProxyDeployer.DeployAsync(Owner.Web3, Permit2, ct)).Address;
        Exact = (await X402ExactPermit2ProxyDeployer.DeployAsync(Owner.Web3, Permit2, ct)).Address;
    }

    public ValueTask DisposeAsync() => _chain.DisposeAsync();

    /// <inheritdoc cref="Permit2Fixture.NewAccountAsync"/>
    public Task<Party> NewAccountAsync(CancellationToken cancellationToken = default) => _chain.NewAccountAsync(cancellationToken);

    /// <inheritdoc cref="Permit2Fixture.NewPayerAsync"/>
    public Task<Party> NewPayerAsync(BigInteger usdc, CancellationToken cancellationToken = default) => _chain.NewPayerAsync(usdc, cancellationToken);

    /// <inheritdoc cref="Permit2Fixture.ChainTimeAsync"/>
    public Task<BigInteger> ChainTimeAsync(CancellationToken cancellationToken = default) => _chain.ChainTimeAsync(cancellationToken);

    /// <summary>An <c>upto</c> proxy client that sends from <paramref name="sender"/>.</summary>
    public X402UptoPermit2ProxyClient UptoClient(Party sender, EvmAddress? at = null) => new(sender.Web3, at ?? Upto);

    /// <summary>An <c>exact</c> proxy client that sends from <paramref name="sender"/>.</summary>
    public X402ExactPermit2ProxyClient ExactClient(Party sender, EvmAddress? at = null) => new(sender.Web3, at ?? Exact);

    /// <summary>A Permit2 client (for its nonce bitmap).</summary>
    public Permit2Client Permit2Client(Party sender, EvmAddress? at = null) => new(sender.Web3, at ?? Permit2);
}

/// <summary>
/// What the tests of both x402 proxies (<see cref="The_x402_upto_proxy"/>, <see cref="The_x402_exact_proxy"/>)
/// share: the chain, fresh parties, permits for the fixture's token, the check that a refusal moved nothing,
/// and the test that each proxy reports its Permit2 and witness type.
/// </summary>
public abstract class X402ProxyTests(X402ProxyFixture chain)
{
    /// <summary>What each payer is minted.</summary>
    protected const long Funds = 10_000_000;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected X402ProxyFixture Chain { get; } = chain;

    /// <summary>The <c>WITNESS_TYPEHASH</c> the proxy under test must report.</summary>
    protected abstract byte[] WitnessTypeHash { get; }

    /// <summary>The <c>WITNESS_TYPE_STRING</c> the proxy under test must report.</summary>
    protected abstract string WitnessTypeString { get; }

    /// <summary>A client of the proxy under test that sends from <paramref name="sender"/>.</summary>
    protected abstract X402Permit2ProxyClient ProxyClient(Party sender);

    [Fact]
    public async Task It_reports_its_Permit2_and_the_witness_type_the_payer_signs()
    {
        var client = ProxyClient(Chain.Owner);

        Assert.Equal(Chain.Permit2, await client.Permit2Async(Ct));
        Assert.Equal(WitnessTypeHash, await client.WitnessTypeHashAsync(Ct));
        Assert.Equal(WitnessTypeString, await client.WitnessTypeStringAsync(Ct));
    }

    /// <summary>A payer with <see cref="Funds"/> that has approved Permit2, the account that settles, and a merchant.</summary>
    protected async Task<(Party Payer, Party Sender, Party Merchant)> PartiesAsync() =>
        (await Chain.NewPayerAsync(Funds, Ct), await Chain.NewAccountAsync(Ct), await Chain.NewAccountAsync(Ct));

    /// <summary>
    /// A permit for <paramref name="amount"/> of the token with a random nonce, valid for an hour, and the chain
    /// time it was made at (witnesses are valid from a minute before it).
    /// </summary>
    protected async Task<(PermitTransferFrom Permit, BigInteger Now)> NewPermitAsync(long amount)
    {
        var now = await Chain.ChainTimeAsync(Ct);
        var nonce = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
        return (new PermitTransferFrom(new TokenPermission(Chain.Token, amount), nonce, now + 3600), now);
    }

    /// <summary>The payer still has all its funds, none of <paramref name="others"/> got any, and the nonce is unused.</summary>
    protected async Task AssertNothingMovedAsync(Party payer, BigInteger nonce, params Party[] others)
    {
        Assert.Equal(Funds, await payer.Token.BalanceOfAsync(payer.Address, Ct));
        foreach (var other in others)
            Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(other.Address, Ct));
        Assert.False(await Chain.Permit2Client(payer).IsNonceUsedAsync(payer.Address, nonce, Ct));
    }
}

/// <summary>Assertions on the x402 proxies' refusals.</summary>
public static class ProxyReverts
{
    /// <summary>
    /// Runs <paramref name="action"/>, asserts the proxy (or the Permit2 or token behind it) refused it with
    /// <typeparamref name="TError"/>, named in the exception's message, and returns the decoded error.
    /// </summary>
    public static async Task<TError> WithAsync<TError>(Func<Task> action)
        where TError : class, new()
    {
        var exception = await Assert.ThrowsAsync<X402ProxyRevertException>(action);
        Assert.True(
            exception.IsCustomErrorFor<TError>(),
            $"Expected the revert {typeof(TError).Name}, but it was {exception.Message} ({exception.ExceptionEncodedData}).");
        var name = ABITypedRegistry.GetError(typeof(TError)).Name;
        Assert.Equal(name, exception.ErrorName);
        Assert.StartsWith($"The x402 Permit2 proxy refused the call: {name}(", exception.Message, StringComparison.Ordinal);
        return exception.DecodeError<TError>();
    }
}
