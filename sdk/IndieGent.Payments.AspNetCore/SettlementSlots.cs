using ChainAddress = IndieGent.Chain.EvmAddress;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// Admits settlements: at most <c>capacity</c> at once on this instance, and one per payer. A payer's next
/// settlement waits for its previous one, so its balance is read after that payment; a settlement beyond the
/// capacity is not admitted at all.
/// </summary>
/// <param name="capacity">Settlements at once.</param>
internal sealed class SettlementSlots(int capacity)
{
    private readonly SemaphoreSlim _free = new(capacity, capacity);
    private readonly Dictionary<ChainAddress, PayerTurn> _payers = [];

    /// <summary>Waits for the payer's turn, then takes a slot if one is free.</summary>
    /// <returns>The slot, to dispose when the settlement ends; <see langword="null"/> when every slot is taken.</returns>
    public async Task<IDisposable?> TryEnterAsync(ChainAddress payer, CancellationToken cancellationToken)
    {
        var turn = Join(payer);
        try
        {
            await turn.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(payer, turn);
            throw;
        }

        if (_free.Wait(0))
            return new Slot(this, payer, turn);
        turn.Lock.Release();
        Leave(payer, turn);
        return null;
    }

    private PayerTurn Join(ChainAddress payer)
    {
        lock (_payers)
        {
            if (!_payers.TryGetValue(payer, out var turn))
                _payers[payer] = turn = new PayerTurn();
            turn.Users++;
            return turn;
        }
    }

    // The entry lives while a settlement of the payer runs or waits: the table holds only those payers.
    private void Leave(ChainAddress payer, PayerTurn turn)
    {
        lock (_payers)
        {
            if (--turn.Users == 0)
                _payers.Remove(payer);
        }
    }

    private sealed class PayerTurn
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Slot(SettlementSlots slots, ChainAddress payer, PayerTurn turn) : IDisposable
    {
        public void Dispose()
        {
            slots._free.Release();
            turn.Lock.Release();
            slots.Leave(payer, turn);
        }
    }
}
