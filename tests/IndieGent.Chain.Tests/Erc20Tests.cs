using System.Numerics;
using IndieGent.Chain.Token.Errors;
using IndieGent.Chain.Token.Events;
using Nethereum.Contracts;

namespace IndieGent.Chain.Tests;

public sealed class Erc20Tests(TokenFixture token) : IClassFixture<TokenFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deployed_token_looks_like_usdc_with_six_decimals_and_the_deployer_as_owner()
    {
        var client = token.Owner.Token;

        Assert.Equal("USDC", await client.NameAsync(Ct));
        Assert.Equal("USDC", await client.SymbolAsync(Ct));
        Assert.Equal("2", await client.VersionAsync(Ct));
        Assert.Equal(6, await client.DecimalsAsync(Ct));
        Assert.Equal(token.Owner.Address, await client.OwnerAsync(Ct));
    }

    [Fact]
    public void The_token_lands_at_the_address_predicted_from_its_fresh_deployer_at_nonce_zero()
    {
        Assert.Equal(ContractAddress.Predict(token.Owner.Address, 0), token.Address);
    }

    [Fact]
    public async Task Minting_credits_the_balance_and_the_total_supply()
    {
        var supplyBefore = await token.Owner.Token.TotalSupplyAsync(Ct);
        var holder = await token.NewAccountAsync(cancellationToken: Ct);

        var receipt = await token.Owner.Token.MintAsync(holder.Address, 2_500_000, Ct);

        Assert.Equal(2_500_000, await holder.Token.BalanceOfAsync(holder.Address, Ct));
        Assert.Equal(supplyBefore + 2_500_000, await token.Owner.Token.TotalSupplyAsync(Ct));
        var mint = Assert.Single(receipt.DecodeAllEvents<TransferEvent>()).Event;
        Assert.Equal(EvmAddress.Zero, EvmAddress.Parse(mint.From));
        Assert.Equal(holder.Address, EvmAddress.Parse(mint.To));
    }

    [Fact]
    public async Task Minting_by_anyone_but_the_owner_reverts_and_mints_nothing()
    {
        var intruder = await token.NewAccountAsync(cancellationToken: Ct);

        var error = await Reverts.WithAsync<OwnableUnauthorizedAccountError>(
            () => intruder.Token.MintAsync(intruder.Address, 1_000_000, Ct));

        Assert.Equal(intruder.Address, EvmAddress.Parse(error.Account));
        Assert.Equal(BigInteger.Zero, await intruder.Token.BalanceOfAsync(intruder.Address, Ct));
    }

    [Fact]
    public async Task A_transfer_moves_the_amount_and_emits_a_Transfer_event()
    {
        var sender = await token.NewAccountAsync(10_000_000, Ct);
        var recipient = await token.NewAccountAsync(cancellationToken: Ct);

        var receipt = await sender.Token.TransferAsync(recipient.Address, 1_234_567, Ct);

        Assert.Equal(10_000_000 - 1_234_567, await sender.Token.BalanceOfAsync(sender.Address, Ct));
        Assert.Equal(1_234_567, await sender.Token.BalanceOfAsync(recipient.Address, Ct));
        var transfer = Assert.Single(receipt.DecodeAllEvents<TransferEvent>()).Event;
        Assert.Equal(sender.Address, EvmAddress.Parse(transfer.From));
        Assert.Equal(recipient.Address, EvmAddress.Parse(transfer.To));
        Assert.Equal(1_234_567, transfer.Value);
    }

    [Fact]
    public async Task A_transfer_of_more_than_the_balance_reverts_with_the_balance_and_the_shortfall()
    {
        var sender = await token.NewAccountAsync(1_000_000, Ct);
        var recipient = await token.NewAccountAsync(cancellationToken: Ct);

        var error = await Reverts.WithAsync<Erc20InsufficientBalanceError>(
            () => sender.Token.TransferAsync(recipient.Address, 1_000_001, Ct));

        Assert.Equal(1_000_000, error.Balance);
        Assert.Equal(1_000_001, error.Needed);
        Assert.Equal(1_000_000, await sender.Token.BalanceOfAsync(sender.Address, Ct));
    }

    [Fact]
    public async Task A_transfer_to_the_zero_address_reverts()
    {
        var sender = await token.NewAccountAsync(1_000_000, Ct);

        await Reverts.WithAsync<Erc20InvalidReceiverError>(() => sender.Token.TransferAsync(EvmAddress.Zero, 1, Ct));
    }

    [Fact]
    public async Task The_deployer_mints_the_initial_balances_named_in_the_options()
    {
        var deployer = await token.Anvil.CreateFundedAccountAsync(Ct);
        var alice = EvmAddress.Parse("0x00000000000000000000000000000000000a11ce");
        var bob = EvmAddress.Parse("0x0000000000000000000000000000000000000b0b");
        var web3 = token.Anvil.CreateWeb3(deployer.PrivateKey);

        var address = await TokenDeployer.DeployAsync(web3, new TokenDeploymentOptions
        {
            Name = "USD Coin",
            Version = "7",
            InitialMints = [new(alice, 5_000_000), new(bob, 7)],
        }, Ct);

        var client = new TokenClient(web3, address);
        Assert.Equal(5_000_000, await client.BalanceOfAsync(alice, Ct));
        Assert.Equal(7, await client.BalanceOfAsync(bob, Ct));
        var domain = await client.ReadDomainAsync(Ct);
        Assert.Equal(("USD Coin", "7"), (domain.Name, domain.Version));
    }
}
