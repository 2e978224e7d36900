using System.Numerics;
using Nethereum.Signer;
using Nethereum.Web3;

namespace IndieGent.Testing.Tests;

public sealed class The_anvil_fixture(AnvilFixture anvil)
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_a_chain_with_id_31337()
    {
        var chainId = await anvil.CreateWeb3(anvil.DeployerPrivateKey).Eth.ChainId.SendRequestAsync();

        Assert.Equal(31337, anvil.ChainId);
        Assert.Equal(new BigInteger(anvil.ChainId), chainId.Value);
    }

    [Fact]
    public async Task Funds_a_new_account_with_1000_ether()
    {
        var account = await anvil.CreateFundedAccountAsync(Cancellation);

        var balance = await new Web3(anvil.RpcUrl).Eth.GetBalance.SendRequestAsync(account.Address);

        Assert.Equal(1000 * Ether, balance.Value);
    }

    [Fact]
    public async Task Creates_accounts_whose_key_matches_their_address()
    {
        var first = await anvil.CreateFundedAccountAsync(Cancellation);
        var second = await anvil.CreateFundedAccountAsync(Cancellation);

        Assert.NotEqual(first.Address, second.Address);
        Assert.Equal(first.Address, new EthECKey(first.PrivateKey).GetPublicAddress());
    }

    [Fact]
    public async Task Gives_a_web3_that_sends_a_value_transfer_signed_for_the_chain()
    {
        var sender = await anvil.CreateFundedAccountAsync(Cancellation);
        var recipient = await anvil.CreateFundedAccountAsync(Cancellation);
        var web3 = anvil.CreateWeb3(sender.PrivateKey);

        var receipt = await web3.Eth.GetEtherTransferService()
            .TransferEtherAndWaitForReceiptAsync(recipient.Address, 2.5m, cancellationToken: Cancellation);

        Assert.Equal(1, receipt.Status.Value);
        var balance = await web3.Eth.GetBalance.SendRequestAsync(recipient.Address);
        Assert.Equal(1000 * Ether + 25 * Ether / 10, balance.Value);
        var transaction = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(receipt.TransactionHash);
        Assert.Equal(sender.Address, transaction.From, ignoreCase: true);
    }
}
