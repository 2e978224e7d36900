using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Signer;
using Nethereum.Web3;

namespace IndieGent.Settlement.Tests;

/// <summary>
/// An authorization is called expired only when the chain says it is unused: one used in a block the scan saw while its
/// record was not watched there (a record reopened after its block was scanned, a block skipped) is looked for in the blocks
/// since it was issued and confirmed where it was used — never failed while the merchant holds the money.
/// </summary>
public sealed class When_an_authorization_expires(PostgresFixture postgres) : OwnChainTest(postgres)
{
    private readonly List<object> _published = [];

    private async Task ScanAsync()
    {
        await using var session = Store.LightweightSession();
        await new AuthorizationWatcher(new Web3(Anvil.RpcUrl), Options.Create(ChainSettings), TimeProvider.System, NullLogger<AuthorizationWatcher>.Instance)
            .ScanOnceAsync(session, (message, _) =>
            {
                _published.Add(message);
                return Task.CompletedTask;
            }, Ct);
    }

    [Fact]
    public async Task One_used_in_a_block_scanned_while_it_was_not_watched_is_confirmed_where_it_was_used()
    {
        var payer = await Anvil.CreateFundedAccountAsync(Ct);
        var from = EvmAddress.Parse(payer.Address);
        await Token.MintAsync(from, 10_000, Ct);
        var now = DateTimeOffset.UtcNow;
        var authorization = new TransferAuthorization(from, EvmAddress.Parse("0x" + new string('4', 40)), 2_500, 0,
            now.AddSeconds(90).ToUnixTimeSeconds(), Eip3009.NewNonce());
        var used = await Token.TransferWithAuthorizationAsync(authorization,
            Eip3009.SignTransferWithAuthorization(await Token.ReadDomainAsync(Ct), authorization, new EthECKey(payer.PrivateKey)), Ct);

        // The scan passes the use's block while no record watches it ...
        await Mine(Confirmations + 1);
        await ScanAsync();
        // ... which then watches it (reopened by a reorganisation follower that moved it back a moment late, say).
        var payment = Guid.NewGuid();
        await using (var session = Store.LightweightSession())
        {
            session.Store(new AuthorizationWatch
            {
                Id = payment, AgentId = Guid.NewGuid(), From = from.ToLowerHex(), To = authorization.To.ToLowerHex(), Value = "2500",
                Nonce = "0x" + Convert.ToHexStringLower(authorization.Nonce), ValidBefore = (long)authorization.ValidBefore, Credential = "-",
                State = AuthorizationWatchState.Watching, CreatedAt = now, UpdatedAt = now,
            });
            await session.SaveChangesAsync(Ct);
        }

        // Its validity passes on chain: the watcher would call it expired.
        await Anvil.CallAsync("evm_increaseTime", [120], Ct);
        await Mine(Confirmations + 1);
        await ScanAsync();

        var confirmed = Assert.IsType<Confirmed>(Assert.Single(_published));
        Assert.Equal((payment, used.TransactionHash, (long)used.BlockNumber.Value), (confirmed.PaymentId, confirmed.TxHash, confirmed.BlockNumber));
        await using var query = Store.QuerySession();
        Assert.Equal(AuthorizationWatchState.Confirmed, (await query.LoadAsync<AuthorizationWatch>(payment, Ct))!.State);
    }
}
