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

    /// <summary>A point the chain can be taken back to with <see cref="ReorganiseAsync"/> (anvil's <c>evm_snapshot</c>).</summary>
    public Task<string> SnapshotAsync() => _owner.Client.SendRequestAsync<string>("evm_snapshot", null);

    /// <summary>
    /// A reorganisation deeper than any confirmation, on a chain of the test's own: the chain goes back to
    /// <paramref name="snapshot"/> and grows past where it was, every block since replaced by an empty one and the
    /// transactions they held forgotten (the node's pool too: the platform must bring its own back).
    /// </summary>
    public async Task ReorganiseAsync(string snapshot)
    {
        var head = await _owner.Eth.Blocks.GetBlockNumber.SendRequestAsync();
        if (!await _owner.Client.SendRequestAsync<bool>("evm_revert", null, snapshot))
            throw new InvalidOperationException($"The chain has no snapshot {snapshot}.");
        await _owner.Client.SendRequestAsync<object>("anvil_dropAllTransactions", null);
        var reverted = await _owner.Eth.Blocks.GetBlockNumber.SendRequestAsync();
        await MineAsync((int)(head.Value - reverted.Value) + 3);
        await ResyncOwnerNonceAsync();
    }
}
