using IndieGent.Settlement.Api.Chain;
using IndieGent.Testing;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Tests;

/// <summary>
/// "The nonce went to a transaction that is none of ours" — the one conclusion a watcher fails a transfer on — holds only
/// for a nonce counted as used, none of our transactions mined, and the block asked about unchanged meanwhile.
/// </summary>
public sealed class When_a_nonce_is_used_elsewhere : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AnvilFixture _anvil = null!;
    private Web3 _chain = null!;
    private TestAccount _sender = null!;

    public async ValueTask InitializeAsync()
    {
        _anvil = await AnvilFixture.StartPrivateAsync();
        _chain = new Web3(_anvil.RpcUrl);
        _sender = await _anvil.CreateFundedAccountAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _anvil.DisposeAsync();

    private async Task<string> SendAsync() =>
        (await _anvil.CreateWeb3(_sender.PrivateKey).Eth.GetEtherTransferService()
            .TransferEtherAndWaitForReceiptAsync(_sender.Address, 0.001m, cancellationToken: Ct)).TransactionHash;

    private async Task<long> HeadAsync() => (long)(await _chain.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    [Fact]
    public async Task A_nonce_taken_by_a_transaction_not_ours_is_used_elsewhere()
    {
        var nonce = (long)(await _chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(_sender.Address, BlockParameter.CreateLatest())).Value;
        await SendAsync();

        Assert.True(await NonceUse.UsedElsewhereAsync(_chain, _sender.Address, nonce, await HeadAsync(), ["0x" + new string('1', 64)]));
    }

    [Fact]
    public async Task A_nonce_taken_by_one_of_ours_or_not_taken_yet_is_not()
    {
        var nonce = (long)(await _chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(_sender.Address, BlockParameter.CreateLatest())).Value;
        Assert.False(await NonceUse.UsedElsewhereAsync(_chain, _sender.Address, nonce, await HeadAsync(), []));

        var ours = await SendAsync();
        Assert.False(await NonceUse.UsedElsewhereAsync(_chain, _sender.Address, nonce, await HeadAsync(), [ours]));
    }

    [Fact]
    public async Task A_block_that_no_longer_exists_decides_nothing()
    {
        var nonce = (long)(await _chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(_sender.Address, BlockParameter.CreateLatest())).Value;
        await SendAsync();
        var head = await HeadAsync();

        // Asked about a block beyond the chain (a reorganisation took the chain back below it): no conclusion.
        Assert.False(await NonceUse.UsedElsewhereAsync(_chain, _sender.Address, nonce, head + 5, ["0x" + new string('1', 64)]));
    }
}
