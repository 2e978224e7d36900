using Nethereum.Hex.HexTypes;

namespace IndieGent.Testing.Platform;

/// <summary>The test's hand on the chain: its clock, its mining, the token owner's nonces.</summary>
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
}
