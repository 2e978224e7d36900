using System.Numerics;
using Nethereum.Hex.HexTypes;

namespace IndieGent.Testing.Platform;

/// <summary>The test's hand on the chain: its clock, its mining, its reorganisations, the token owner's nonces.</summary>
public sealed partial class PaymentPlatform
{
    /// <summary>Moves the chain's clock forward and mines blocks at the new time.</summary>
    public async Task AdvanceChainTimeAsync(TimeSpan by)
    {
        await _owner.Client.SendRequestAsync<object>("evm_increaseTime", null, (long)by.TotalSeconds);
        await MineAsync(3);
    }

    /// <summary>
    /// Makes the token owner's account take its next nonce from the chain again (after a reorganisation replayed its
    /// transactions, the count it kept may no longer be the chain's).
    /// </summary>
    public async Task ResyncOwnerNonceAsync()
    {
        if (_owner.TransactionManager.Account?.NonceService is { } nonces)
            await nonces.ResetNonceAsync();
    }

    /// <summary>Whether anvil mines each transaction as it arrives (true by default; restore it in a finally).</summary>
    public Task SetAutomineAsync(bool on) => _owner.Client.SendRequestAsync<object>("evm_setAutomine", null, on);

    public Task MineAsync(int blocks) =>
        _owner.Client.SendRequestAsync<object>("anvil_mine", null, new HexBigInteger(blocks).HexValue);

    /// <summary>
    /// Turns automine off and waits until anvil has finished any block it was mining (its head unchanged over a quarter of a
    /// second). A snapshot or a revert taken while anvil mines a block leaves a chain no node could: nonces used by
    /// transactions that are in no block, money moved by them, blocks missing below the head (measured on anvil 1.7.1 under
    /// load: 5 such transactions and 270 missing blocks in 40 snapshot-and-revert rounds; none once it waits). Turn automine
    /// back on with <see cref="SetAutomineAsync"/>.
    /// </summary>
    public async Task HoldMiningAsync()
    {
        await SetAutomineAsync(false);
        for (var last = BigInteger.MinusOne; ;)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            var head = (await _owner.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            if (head == last)
                return;
            last = head;
        }
    }

    /// <summary>A point the chain can be taken back to with <see cref="ReorganiseAsync"/> (anvil's <c>evm_snapshot</c>, taken between blocks).</summary>
    public async Task<string> SnapshotAsync()
    {
        var automine = await IsAutomineAsync();
        await HoldMiningAsync();
        try
        {
            return await _owner.Client.SendRequestAsync<string>("evm_snapshot", null);
        }
        finally
        {
            await SetAutomineAsync(automine);
        }
    }

    private Task<bool> IsAutomineAsync() => _owner.Client.SendRequestAsync<bool>("anvil_getAutomine", null);

    /// <summary>
    /// A reorganisation deeper than any confirmation, on a chain of the test's own: the chain goes back to
    /// <paramref name="snapshot"/> and grows past where it was, every block since replaced by an empty one and the
    /// transactions they held forgotten (the node's pool too: the platform must bring its own back).
    /// </summary>
    public async Task ReorganiseAsync(string snapshot)
    {
        var automine = await IsAutomineAsync();
        await HoldMiningAsync();
        try
        {
            var head = await _owner.Eth.Blocks.GetBlockNumber.SendRequestAsync();
            if (!await _owner.Client.SendRequestAsync<bool>("evm_revert", null, snapshot))
                throw new InvalidOperationException($"The chain has no snapshot {snapshot}.");
            await _owner.Client.SendRequestAsync<object>("anvil_dropAllTransactions", null);
            var reverted = await _owner.Eth.Blocks.GetBlockNumber.SendRequestAsync();
            await MineAsync((int)(head.Value - reverted.Value) + 3);
        }
        finally
        {
            // As it was: a test that turned it off keeps the platform's transactions out of blocks until it turns it on.
            await SetAutomineAsync(automine);
        }

        await ResyncOwnerNonceAsync();
    }
}
