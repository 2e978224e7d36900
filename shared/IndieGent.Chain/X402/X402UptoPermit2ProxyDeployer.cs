using Nethereum.Web3;

namespace IndieGent.Chain.X402;

/// <summary>Puts IndieGent's x402 <c>upto</c> Permit2 proxy (the embedded <c>X402UptoPermit2Proxy</c> artifact) on a chain.</summary>
public static class X402UptoPermit2ProxyDeployer
{
    /// <summary>
    /// Deploys the proxy from <paramref name="web3"/>'s account with <paramref name="permit2"/> as its Permit2
    /// (an immutable), waits for the receipt, and returns a client for it.
    /// </summary>
    /// <exception cref="X402ProxyRevertException"><paramref name="permit2"/> is the zero address (<c>InvalidPermit2Address</c>); nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed on chain.</exception>
    public static async Task<X402UptoPermit2ProxyClient> DeployAsync(IWeb3 web3, EvmAddress permit2, CancellationToken cancellationToken = default) =>
        new(web3, await X402ProxyDeployment.DeployAsync(web3, X402ProxyArtifact.Upto, permit2, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Deploys the proxy with <paramref name="permit2"/> (see <see cref="DeployAsync"/>), then copies the
    /// deployment's runtime code, the Permit2 immutable included, to <see cref="X402Permit2Signatures.UptoProxyCanonicalAddress"/>
    /// with <c>anvil_setCode</c> (development chains only: anvil, and Hardhat's node), so x402 clients that
    /// hard-code the canonical proxy find it. Returns a client for the canonical address. For x402 clients
    /// that also hard-code Permit2, pass <c>Permit2Signatures.CanonicalAddress</c> after placing Permit2 there
    /// with <c>Permit2Deployer.SetCodeAsync</c>.
    /// </summary>
    /// <exception cref="X402ProxyRevertException"><paramref name="permit2"/> is the zero address; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed, or the chain did not take the code.</exception>
    public static Task<X402UptoPermit2ProxyClient> PlaceAtCanonicalAddressAsync(IWeb3 web3, EvmAddress permit2, CancellationToken cancellationToken = default) =>
        PlaceAtAsync(web3, X402Permit2Signatures.UptoProxyCanonicalAddress, permit2, cancellationToken);

    /// <summary>
    /// As <see cref="PlaceAtCanonicalAddressAsync"/>, at any <paramref name="address"/>. The proxy keeps no
    /// storage, so whatever was at the address before leaves nothing behind but its balance.
    /// </summary>
    /// <exception cref="X402ProxyRevertException"><paramref name="permit2"/> is the zero address; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed, or the chain did not take the code.</exception>
    public static async Task<X402UptoPermit2ProxyClient> PlaceAtAsync(IWeb3 web3, EvmAddress address, EvmAddress permit2,
        CancellationToken cancellationToken = default) =>
        new(web3, await X402ProxyDeployment.PlaceAtAsync(web3, X402ProxyArtifact.Upto, address, permit2, cancellationToken).ConfigureAwait(false));
}
