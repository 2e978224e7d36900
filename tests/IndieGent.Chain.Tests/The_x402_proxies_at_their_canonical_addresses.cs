using System.Numerics;
using System.Security.Cryptography;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402;
using IndieGent.Chain.X402.Errors;
using Permit2Errors = IndieGent.Chain.Permit2.Errors;

namespace IndieGent.Chain.Tests;

/// <summary>
/// Both proxies placed at x402's canonical addresses with <c>anvil_setCode</c>, calling our Permit2 placed at
/// Uniswap's canonical address, as x402 clients that hard-code those addresses expect: permits signed for
/// the canonical addresses settle.
/// </summary>
public sealed class The_x402_proxies_at_their_canonical_addresses(X402ProxyFixture chain) : IClassFixture<X402ProxyFixture>
{
    private const long Funds = 10_000_000;
    private static readonly EvmAddress Permit2 = Permit2Signatures.CanonicalAddress;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_upto_proxy_settles_a_permit_signed_for_the_canonical_addresses()
    {
        await Permit2Deployer.SetCodeAsync(chain.Owner.Web3, Permit2, Ct);
        var proxy = await X402UptoPermit2ProxyDeployer.PlaceAtCanonicalAddressAsync(chain.Owner.Web3, Permit2, Ct);
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, now) = await PermitAsync(2_000_000);
        var witness = new UptoWitness(merchant.Address, facilitator.Address, now - 60);
        var signature = X402Permit2Signatures.SignUpto(chain.ChainId, Permit2, X402Permit2Signatures.UptoProxyCanonicalAddress, permit, witness, payer.Key);
        var client = chain.UptoClient(facilitator, proxy.Address);

        // Signed for the deployed proxy instead, the same permit does not verify here.
        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() => client.SettleAsync(permit, 1_000_000, payer.Address, witness,
            X402Permit2Signatures.SignUpto(chain.ChainId, Permit2, chain.Upto, permit, witness, payer.Key), Ct));
        await client.SettleAsync(permit, 1_000_000, payer.Address, witness, signature, Ct);

        Assert.Equal(X402Permit2Signatures.UptoProxyCanonicalAddress, proxy.Address);
        Assert.Equal(Permit2, await proxy.Permit2Async(Ct));
        Assert.Equal(1_000_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(Funds - 1_000_000, await payer.Token.BalanceOfAsync(payer.Address, Ct));
        Assert.True(await chain.Permit2Client(payer, Permit2).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
    }

    [Fact]
    public async Task The_exact_proxy_settles_a_permit_signed_for_the_canonical_addresses()
    {
        await Permit2Deployer.SetCodeAsync(chain.Owner.Web3, Permit2, Ct);
        var proxy = await X402ExactPermit2ProxyDeployer.PlaceAtCanonicalAddressAsync(chain.Owner.Web3, Permit2, Ct);
        var (payer, submitter, merchant) = await PartiesAsync();
        var (permit, now) = await PermitAsync(750_000);
        var witness = new ExactWitness(merchant.Address, now - 60);
        var signature = X402Permit2Signatures.SignExact(chain.ChainId, Permit2, X402Permit2Signatures.ExactProxyCanonicalAddress, permit, witness, payer.Key);

        await chain.ExactClient(submitter, proxy.Address).SettleAsync(permit, payer.Address, witness, signature, Ct);

        Assert.Equal(X402Permit2Signatures.ExactProxyCanonicalAddress, proxy.Address);
        Assert.Equal(Permit2, await proxy.Permit2Async(Ct));
        Assert.Equal(750_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(Funds - 750_000, await payer.Token.BalanceOfAsync(payer.Address, Ct));
    }

    [Fact]
    public async Task The_placed_code_is_a_deployments_code_with_the_Permit2_immutable_filled_in()
    {
        var proxy = await X402UptoPermit2ProxyDeployer.PlaceAtAsync(chain.Owner.Web3, EvmAddress.Parse("0x00000000000000000000000000000000000a4020"), Permit2, Ct);
        var deployed = await X402UptoPermit2ProxyDeployer.DeployAsync(chain.Owner.Web3, Permit2, Ct);

        var placed = await chain.Owner.Web3.Eth.GetCode.SendRequestAsync(proxy.Address.ToLowerHex());
        var fresh = await chain.Owner.Web3.Eth.GetCode.SendRequestAsync(deployed.Address.ToLowerHex());

        Assert.Equal(fresh, placed);
        // The compiled runtime code has zeros where the constructor wrote the Permit2 address.
        Assert.Equal(X402ProxyArtifact.Upto.DeployedBytecode.Length, placed.Length);
        Assert.NotEqual(X402ProxyArtifact.Upto.DeployedBytecode, placed, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(Permit2.ToLowerHex()[2..], placed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Permit2.ToLowerHex()[2..], X402ProxyArtifact.Upto.DeployedBytecode, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_proxy_cannot_be_built_without_a_Permit2()
    {
        await ProxyReverts.WithAsync<InvalidPermit2AddressError>(() => X402UptoPermit2ProxyDeployer.DeployAsync(chain.Owner.Web3, EvmAddress.Zero, Ct));
        await ProxyReverts.WithAsync<InvalidPermit2AddressError>(() => X402ExactPermit2ProxyDeployer.DeployAsync(chain.Owner.Web3, EvmAddress.Zero, Ct));
    }

    private async Task<(Party Payer, Party Spender, Party Merchant)> PartiesAsync()
    {
        var payer = await chain.NewAccountAsync(Ct);
        await chain.Owner.Token.MintAsync(payer.Address, Funds, Ct);
        await Permit2Fixture.ApproveAsync(payer, Permit2, Ct);
        return (payer, await chain.NewAccountAsync(Ct), await chain.NewAccountAsync(Ct));
    }

    private async Task<(PermitTransferFrom Permit, BigInteger Now)> PermitAsync(long amount)
    {
        var now = await chain.ChainTimeAsync(Ct);
        var nonce = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
        return (new PermitTransferFrom(new TokenPermission(chain.Token, amount), nonce, now + 3600), now);
    }
}
