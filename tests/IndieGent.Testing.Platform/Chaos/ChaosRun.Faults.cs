using System.Globalization;
using Nethereum.Hex.HexTypes;

namespace IndieGent.Testing.Platform.Chaos;

/// <summary>The chaos run's faults, one at a time at random intervals, and their healing.</summary>
public sealed partial class ChaosRun
{
    private async Task FaultLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Delay(TimeSpan.FromMilliseconds(options.MeanFaultInterval.TotalMilliseconds * (0.5 + _random.NextDouble())), ct);
            if (ct.IsCancellationRequested)
                break;
            switch (Next(6))
            {
                case 0:
                    // One instance at a time per service: the other carries the load.
                    var up = _instances.Where(i => !_down.Contains(i) && !_down.Contains(Twin(i))).ToList();
                    var victim = up[Next(up.Count)];
                    _down.Add(victim);
                    if (platform.IsProcess(victim))
                    {
                        Count("instance killed (SIGKILL) and started again");
                        await platform.KillAsync(victim);
                    }
                    else
                    {
                        Count("instance stopped and started again");
                        await platform.StopAsync(victim);
                    }

                    await Delay(TimeSpan.FromMilliseconds(500 + Next(2_500)), CancellationToken.None);
                    await platform.StartAsync(victim);
                    _down.Remove(victim);
                    break;
                case 1:
                    Count("broker connection cut and restored");
                    platform.Broker.Down();
                    await Delay(TimeSpan.FromMilliseconds(1_000 + Next(3_000)), CancellationToken.None);
                    platform.Broker.Up();
                    break;
                case 2 when options.RestartDatabase && Next(2) == 0:
                    // The server itself: fast shutdown (every session cut, open transactions rolled back), a new postmaster.
                    Count("PostgreSQL restarted");
                    await platform.Postgres.RestartAsync();
                    break;
                case 2:
                    // What the services see of a failover: every session cut (open transactions rolled back, commits in
                    // flight unanswered), the server unreachable, then back.
                    Count("database sessions cut, PostgreSQL unreachable and back");
                    platform.Database!.Down();
                    await Delay(TimeSpan.FromMilliseconds(1_000 + Next(3_000)), CancellationToken.None);
                    platform.Database.Up();
                    break;
                case 3:
                    Count("chain paused");
                    await platform.SetAutomineAsync(false);
                    await Delay(TimeSpan.FromMilliseconds(1_000 + Next(3_000)), CancellationToken.None);
                    await platform.SetAutomineAsync(true);
                    await platform.MineAsync(1);
                    break;
                default:
                    await ReorganiseAsync(deep: Next(2) == 0);
                    break;
            }
        }
    }

    /// <summary>
    /// A chain reorganisation as a node sees one: the last blocks are replaced by a longer chain of other blocks, and the
    /// transactions they held go back to the pool, to be mined again in new blocks. Deep: beyond the confirmations, so the
    /// platform had acted on those blocks (settlements confirmed, deposits credited) and must follow them out and back in;
    /// shallow: within them, so nothing it confirmed changes.
    /// </summary>
    private async Task ReorganiseAsync(bool deep)
    {
        var confirmations = int.Parse(platform.Setting("Chain:Confirmations", "settlement"), CultureInfo.InvariantCulture);
        var depth = deep ? confirmations + 1 + Next(3) : 1 + Next(Math.Max(confirmations - 1, 1));
        Count(deep ? "chain reorganised beyond the confirmations" : "chain reorganised within the confirmations");
        var chain = new Nethereum.Web3.Web3(platform.Anvil.RpcUrl);
        // The owner's account sends nothing meanwhile: its nonces stay in step with the blocks replayed below.
        await _owner.WaitAsync(CancellationToken.None);
        try
        {
            // Between blocks: a snapshot taken while anvil mines one makes a chain no node could (see HoldMiningAsync).
            await platform.HoldMiningAsync();
            var snapshot = (await platform.Anvil.CallAsync("evm_snapshot", [])).GetString()!;
            var from = (long)(await chain.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value + 1;
            for (var i = 0; i < depth; i++)
            {
                await Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                await platform.MineAsync(1);
            }

            // Long enough for the platform to act on what these blocks confirmed.
            await Delay(TimeSpan.FromMilliseconds(1_000 + Next(1_500)), CancellationToken.None);
            var raw = new List<string>();
            var lost = 0;
            var to = (long)(await chain.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            for (var number = from; number <= to; number++)
            {
                var block = await chain.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));
                foreach (var hash in block.TransactionHashes)
                    raw.Add((await platform.Anvil.CallAsync("eth_getRawTransactionByHash", [hash])).GetString()!);
            }

            // What waits in the pool stays there, as on a real node (anvil's revert would drop it).
            raw.AddRange(await PooledAsync());
            // Nothing sent meanwhile is lost: anvil keeps its pool across the revert, and what went back in above is sent again.
            await platform.Anvil.CallAsync("evm_revert", [snapshot]);
            await platform.MineAsync((int)(to - from) + 2);
            foreach (var transaction in raw)
            {
                try
                {
                    await chain.Eth.Transactions.SendRawTransaction.SendRequestAsync(transaction);
                }
                catch (Nethereum.JsonRpc.Client.RpcResponseException e)
                {
                    // Already back in the pool, or no longer valid on the new chain: a node drops it too.
                    lost++;
                    log.WriteLine($"chaos: a replaced block's transaction was refused on the new chain: {e.RpcError?.Message ?? e.Message}");
                }
            }

            await platform.ResyncOwnerNonceAsync();
            log.WriteLine($"chaos: blocks {from}-{to} replaced ({raw.Count} transactions back in the pool, {lost} of them refused)");
            // The merchants' node would mine their transactions again; what it could not is theirs to submit again.
            _settled.Clear();
        }
        finally
        {
            await platform.SetAutomineAsync(true);
            await platform.MineAsync(1);
            _owner.Release();
        }
    }

    // The raw transactions in anvil's pool, each sender's in nonce order.
    private async Task<List<string>> PooledAsync()
    {
        var content = await platform.Anvil.CallAsync("txpool_content", []);
        var pooled = new List<string>();
        foreach (var part in new[] { "pending", "queued" })
        {
            if (!content.TryGetProperty(part, out var senders))
                continue;
            foreach (var sender in senders.EnumerateObject())
            {
                foreach (var transaction in sender.Value.EnumerateObject().OrderBy(t => long.Parse(t.Name, CultureInfo.InvariantCulture)))
                {
                    var hash = transaction.Value.GetProperty("hash").GetString()!;
                    pooled.Add((await platform.Anvil.CallAsync("eth_getRawTransactionByHash", [hash])).GetString()!);
                }
            }
        }

        return pooled;
    }

    private static string Twin(string instance) => instance.Contains('#', StringComparison.Ordinal) ? instance.Split('#')[0] : instance + "#2";

    private async Task HealAsync()
    {
        platform.Broker.Up();
        platform.Database!.Up();
        await platform.SetAutomineAsync(true);
        await platform.MineAsync(3);
    }
}
