using IndieGent.Testing;
using Nethereum.Signer;
using Nethereum.Web3;

namespace IndieGent.Chain.Tests;

public sealed class AnvilDevAccountsTests(AnvilFixture anvil)
{
    [Fact]
    public void Each_private_key_belongs_to_its_address()
    {
        Assert.Equal(10, AnvilDevAccounts.All.Count);
        foreach (var account in AnvilDevAccounts.All)
        {
            Assert.Equal(account.Address, EvmAddress.Parse(new EthECKey(account.PrivateKey).GetPublicAddress()));
        }
    }

    [Fact]
    public async Task The_addresses_are_the_accounts_anvil_funds_in_the_same_order()
    {
        var accounts = await new Web3(anvil.RpcUrl).Eth.Accounts.SendRequestAsync()
            .WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            AnvilDevAccounts.All.Select(a => a.Address),
            accounts.Take(AnvilDevAccounts.All.Count).Select(EvmAddress.Parse));
        Assert.Equal(AnvilDevAccounts.ChainId, anvil.ChainId);
        Assert.Equal(AnvilDevAccounts.Account0.PrivateKey, anvil.DeployerPrivateKey, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_dev_account_never_prints_its_private_key()
    {
        var account = AnvilDevAccounts.Account2;

        Assert.DoesNotContain(account.PrivateKey[2..], account.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(account.Address.ToString(), account.ToString(), StringComparison.Ordinal);
    }
}
