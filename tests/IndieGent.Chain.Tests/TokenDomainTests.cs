using IndieGent.Chain.Token.Functions;
using Nethereum.Web3;

namespace IndieGent.Chain.Tests;

public sealed class TokenDomainTests(TokenFixture token) : IClassFixture<TokenFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_domain_read_from_the_token_is_usdcs_and_hashes_to_its_domain_separator()
    {
        var domain = await TokenDomain.ReadAsync(new Web3(token.Anvil.RpcUrl), token.Address, Ct);

        Assert.Equal(new TokenDomain("USDC", "2", token.Anvil.ChainId, token.Address), domain);
        var onChain = await token.Owner.Token.QueryAsync<DomainSeparatorFunction, byte[]>(new(), Ct);
        Assert.Equal(onChain, domain.ComputeSeparator());
    }

    [Fact]
    public void A_different_name_version_chain_or_contract_gives_a_different_separator()
    {
        var separator = token.Domain.ComputeSeparator();

        Assert.Equal(32, separator.Length);
        Assert.NotEqual(separator, (token.Domain with { Name = "USD Coin" }).ComputeSeparator());
        Assert.NotEqual(separator, (token.Domain with { Version = "1" }).ComputeSeparator());
        Assert.NotEqual(separator, (token.Domain with { ChainId = 8453 }).ComputeSeparator());
        Assert.NotEqual(separator, (token.Domain with { VerifyingContract = token.Owner.Address }).ComputeSeparator());
    }

    [Fact]
    public async Task Reading_the_domain_of_an_address_without_a_token_fails()
    {
        var notAToken = (await token.NewAccountAsync(cancellationToken: Ct)).Address;

        await Assert.ThrowsAnyAsync<Exception>(() => TokenDomain.ReadAsync(token.Owner.Web3, notAToken, Ct));
    }
}
