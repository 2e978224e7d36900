using System.Numerics;
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
