using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Token.Functions;
using IndieGent.Contracts.Funding;
using IndieGent.Settlement.Api.Deposits;
using IndieGent.Testing;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Web3;

namespace IndieGent.Settlement.Tests;

/// <summary>
/// Reorganisations against the deposit scanner, on a chain of the test's own (anvil's snapshot and revert replace blocks):
/// one shallower than the confirmations never reaches the ledger; one deeper that removes a credited deposit is announced
/// once (the ledger reverses it) and the blocks are scanned again; the transfer mined again is credited anew; one that strikes
/// while a scan is reading the chain is seen as one too.
/// </summary>
public sealed class When_the_chain_reorganises(PostgresFixture postgres) : OwnChainTest(postgres)
{
    private readonly List<DepositObserved> _observed = [];
    private readonly List<DepositReorganisedOut> _removed = [];

    private async Task ScanAsync(Uri? through = null)
    {
        await using var session = Store.LightweightSession();
        await new DepositScanner(new Web3((through ?? new Uri(Anvil.RpcUrl)).ToString()), Options.Create(ChainSettings), TimeProvider.System, NullLogger<DepositScanner>.Instance)
            .ScanOnceAsync(session, (_, deposit, _) => Add(_observed, deposit), Ct, (_, removed, _) => Add(_removed, removed));
    }

    private static Task Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return Task.CompletedTask;
    }

    private async Task<(Guid Agent, EvmAddress Wallet)> WatchNewWallet()
    {
        var wallet = EvmAddress.Parse((await Anvil.CreateFundedAccountAsync(Ct)).Address);
        var agent = Guid.NewGuid();
        await using var session = Store.LightweightSession();
        session.Store(new WatchedAddress(wallet.ToLowerHex(), agent, DateTimeOffset.UtcNow, Backfilled: true));
        await session.SaveChangesAsync(Ct);
        return (agent, wallet);
    }

    [Fact]
    public async Task A_credited_deposit_removed_by_a_deep_reorganisation_is_announced_once_and_a_new_inclusion_is_credited_anew()
    {
        var (agent, wallet) = await WatchNewWallet();
        await Token.MintAsync(wallet, new BigInteger(1_000_000), Ct);
        await Mine(Confirmations);
        await ScanAsync();
        var kept = Assert.Single(_observed);

        // The second deposit is confirmed and credited, then the chain replaces its block (and more) with longer, empty ones.
        var beforeSecond = await SnapshotAsync();
        await Token.MintAsync(wallet, new BigInteger(250_000), Ct);
        await Mine(Confirmations + 1);
        await ScanAsync();
        var lost = Assert.Single(_observed, d => d.Amount == "250000");
        await RevertAsync(beforeSecond);
        await Mine(Confirmations + 6);

        await ScanAsync();
        var removed = Assert.Single(_removed);
        Assert.Equal((agent, lost.DepositId, "250000", lost.TxHash), (removed.CorrelationId, removed.DepositId, removed.Amount, removed.TxHash));
        Assert.Equal(lost.BlockNumber, removed.BlockNumber);
        // The first deposit's block stands: rescanning it credits nothing twice.
        Assert.Equal(2, _observed.Count);

        await Mine(2);
        await ScanAsync();
        Assert.Single(_removed);
        Assert.Equal(2, _observed.Count);

        // Mined again: observed as a new credit (a new deposit id), never as the reversed one.
        await Token.MintAsync(wallet, new BigInteger(250_000), Ct);
        await Mine(Confirmations);
        await ScanAsync();
        var again = Assert.Single(_observed.Skip(2));
        Assert.Equal("250000", again.Amount);
        Assert.NotEqual(lost.DepositId, again.DepositId);
        Assert.NotEqual(kept.DepositId, again.DepositId);
        await using var query = Store.QuerySession();
        var stored = await query.Query<Deposit>().Where(d => d.AgentId == agent).ToListAsync(Ct);
        Assert.Equal(1, stored.Count(d => d.ReversedAt is not null && d.Id == lost.DepositId) +
                        stored.Count(d => d.Id == lost.DepositId && d.Generation == 1));
    }

    [Fact]
    public async Task A_reorganisation_shallower_than_the_confirmations_never_reaches_the_ledger()
    {
        var (_, wallet) = await WatchNewWallet();
        await Mine(1);
        await ScanAsync();
        var beforeDeposit = await SnapshotAsync();
        await Token.MintAsync(wallet, new BigInteger(70_000), Ct);
        await Mine(Confirmations - 1);
        await ScanAsync();
        Assert.Empty(_observed);

        await RevertAsync(beforeDeposit);
        await Mine(Confirmations + 3);
        await ScanAsync();

        Assert.Empty(_observed);
        Assert.Empty(_removed);
    }

    [Fact]
    public async Task A_reversed_deposit_mined_again_at_the_same_place_is_credited_under_its_next_id()
    {
        var (agent, wallet) = await WatchNewWallet();
        await Mine(1);
        await ScanAsync();
        var snapshot = await SnapshotAsync();
        // Sent without being mined, so the very same signed transaction can be mined again after the revert.
        await Anvil.CallAsync("evm_setAutomine", [false], Ct);
        var hash = await Owner.Eth.GetContractTransactionHandler<MintFunction>()
            .SendRequestAsync(Token.Address.ToChecksumHex(), new MintFunction { To = wallet.ToChecksumHex(), Amount = 40_000 });
        var raw = (await Anvil.CallAsync("eth_getRawTransactionByHash", [hash], Ct)).GetString()!;
        await Mine(1);
        await Anvil.CallAsync("evm_setAutomine", [true], Ct);
        await Mine(Confirmations);
        await ScanAsync();
        var first = Assert.Single(_observed);

        await RevertAsync(snapshot);
        await Mine(Confirmations + 3);
        await ScanAsync();
        Assert.Equal(first.DepositId, Assert.Single(_removed).DepositId);

        // The same transaction, first in its block again: the same log, so the same deposit, credited a second time.
        await Anvil.CallAsync("eth_sendRawTransaction", [raw], Ct);
        await Mine(Confirmations);
        await ScanAsync();
        var second = Assert.Single(_observed.Skip(1));
        Assert.Equal($"{first.DepositId}#1", second.DepositId);
        Assert.Equal(agent, second.CorrelationId);
    }

    [Fact]
    public async Task A_reorganisation_while_a_scan_reads_the_chain_credits_nothing_it_removed()
    {
        var (_, wallet) = await WatchNewWallet();
        await Mine(1);
        await ScanAsync();
        var beforeDeposit = await SnapshotAsync();
        await Token.MintAsync(wallet, new BigInteger(90_000), Ct);
        await Mine(Confirmations);
        var end = (long)(await Owner.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value - Confirmations;

        // The first time the scan asks for the last block of its range, the chain replaces the deposit's block (and more)
        // with longer, empty ones, and then answers — before the scan has read the logs, or after.
        var struck = 0;
        await using var node = await JsonRpcFront.StartAsync(new Uri(Anvil.RpcUrl), async call =>
        {
            if (IsBlockRequest(call, end) && Interlocked.Exchange(ref struck, 1) == 0)
            {
                await RevertAsync(beforeDeposit);
                await Mine(Confirmations + 4);
            }

            return null;
        }, Ct);
        await ScanAsync(node.Url);
        Assert.Equal(1, struck);
        await Mine(2);
        await ScanAsync();
        await ScanAsync();

        // The deposit is on no chain: credited and never reversed, it would be money the wallet does not hold.
        Assert.Equal(BigInteger.Zero, await Token.BalanceOfAsync(wallet, Ct));
        Assert.Equal(_observed.Count, _removed.Count);
    }
}
