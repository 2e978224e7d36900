using IndieGent.Contracts.Payments;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Testing;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Web3;

namespace IndieGent.Settlement.Tests;

/// <summary>
/// The settlement follower against a reorganisation that strikes in the middle of its pass, on a chain of the test's own:
/// the block it moves its cursor to is read from the chain it looked at, so a settlement the reorganisation took back is
/// reopened however the pass and the reorganisation interleave; and the authorization scan, whose cursor the follower moves
/// back, never goes on from a block the chain no longer has should the follower not have yet.
/// </summary>
public sealed class When_a_reorganisation_strikes_mid_pass(PostgresFixture postgres) : OwnChainTest(postgres)
{
    private readonly List<object> _published = [];

    private async Task FollowAsync(Uri? through = null)
    {
        var web3 = new Web3((through ?? new Uri(Anvil.RpcUrl)).ToString());
        await using var session = Store.LightweightSession();
        await new SettlementReorgFollower(web3, new TransactionSender(web3, NullLogger<TransactionSender>.Instance), Options.Create(ChainSettings),
                TimeProvider.System, NullLogger<SettlementReorgFollower>.Instance)
            .FollowOnceAsync(session, (message, _) =>
            {
                _published.Add(message);
                return Task.CompletedTask;
            }, Ct);
    }

    [Fact]
    public async Task A_reorganisation_after_it_looked_at_its_cursor_still_reopens_what_it_took_back()
    {
        // A merchant's use of an authorization, mined and confirmed, and the follower's cursor past it.
        var beforeUse = await SnapshotAsync();
        var sender = await Anvil.CreateFundedAccountAsync(Ct);
        var use = await Anvil.CreateWeb3(sender.PrivateKey).Eth.GetEtherTransferService()
            .TransferEtherAndWaitForReceiptAsync(sender.Address, 0.001m, cancellationToken: Ct);
        var payment = Guid.NewGuid();
        await using (var session = Store.LightweightSession())
        {
            session.Store(new AuthorizationWatch
            {
                Id = payment, AgentId = Guid.NewGuid(), From = sender.Address.ToLowerInvariant(), To = "0x" + new string('2', 40), Value = "5000",
                Nonce = "0x" + new string('3', 64), ValidBefore = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), Credential = "-",
                State = AuthorizationWatchState.Confirmed, TxHash = use.TransactionHash, BlockNumber = (long)use.BlockNumber.Value,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await session.SaveChangesAsync(Ct);
        }

        await Mine(Confirmations + 1);
        await FollowAsync();
        Assert.Empty(_published);

        // The next pass's tip: the first time the follower asks for it, the chain replaces every block since before the use
        // (the use is in none of the new ones), then answers — after the pass looked at its cursor, or before.
        await Mine(2);
        var tip = await HeadAsync() - (Confirmations - 1);
        var struck = 0;
        await using var node = await JsonRpcFront.StartAsync(new Uri(Anvil.RpcUrl), async call =>
        {
            if (IsBlockRequest(call, tip) && Interlocked.Exchange(ref struck, 1) == 0)
            {
                await Anvil.CallAsync("evm_revert", [beforeUse], Ct);
                await Mine(Confirmations + 8);
            }

            return null;
        }, Ct);
        await FollowAsync(node.Url);
        Assert.Equal(1, struck);
        await Mine(1);
        await FollowAsync();
        await FollowAsync();

        var reopened = Assert.IsType<SettlementReorganisedOut>(Assert.Single(_published));
        Assert.Equal((payment, use.TransactionHash), (reopened.PaymentId, reopened.TxHash));
        await using var query = Store.QuerySession();
        var watch = await query.LoadAsync<AuthorizationWatch>(payment, Ct);
        Assert.Equal(AuthorizationWatchState.Watching, watch!.State);
    }

    [Fact]
    public async Task The_authorization_scan_goes_on_from_no_block_the_chain_no_longer_has()
    {
        var watcher = new AuthorizationWatcher(new Web3(Anvil.RpcUrl), Options.Create(ChainSettings), TimeProvider.System,
            NullLogger<AuthorizationWatcher>.Instance);
        var snapshot = await SnapshotAsync();
        await Mine(Confirmations + 5);
        Assert.True(await ScanAsync(watcher) > ChainSettings.StartBlock);

        // Every block since the snapshot replaced, and the settlement follower not there yet to move the scan back.
        await Anvil.CallAsync("evm_revert", [snapshot], Ct);
        await Mine(Confirmations + 7);
        Assert.Equal(ChainSettings.StartBlock - 1, await ScanAsync(watcher));
        Assert.Equal(await HeadAsync() - Confirmations, await ScanAsync(watcher));
    }

    // One pass of the authorization scan; where its cursor stands after it.
    private async Task<long> ScanAsync(AuthorizationWatcher watcher)
    {
        await using (var session = Store.LightweightSession())
            await watcher.ScanOnceAsync(session, (_, _) => Task.CompletedTask, Ct);
        await using var query = Store.QuerySession();
        return (await query.Query<ScanCursor>().SingleAsync(c => c.Id.StartsWith("authorizations:"), Ct)).LastBlock;
    }
}
