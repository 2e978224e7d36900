using System.Collections.Concurrent;

namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>
/// The replay store of a single instance: call ids in process memory until they expire. A restart forgets them,
/// which is safe only because calls expire within minutes of being issued.
/// </summary>
/// <param name="time">The clock expiries are compared with.</param>
public sealed class InMemoryMarketplaceCallReplayStore(TimeProvider time) : IMarketplaceCallReplayStore
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _claimed = new();
    private int _sinceSweep;

    /// <summary>Call ids remembered now (expired ones until the next sweep).</summary>
    public int Count => _claimed.Count;

    /// <inheritdoc />
    public ValueTask<bool> TryClaimAsync(Guid callId, DateTimeOffset forgetAfter, CancellationToken cancellationToken)
    {
        if (!_claimed.TryAdd(callId, forgetAfter))
            return ValueTask.FromResult(false);
        if (Interlocked.Increment(ref _sinceSweep) % SweepEvery == 0)
            Sweep(time.GetUtcNow());
        return ValueTask.FromResult(true);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, forgetAt) in _claimed)
        {
            if (forgetAt < now)
                _claimed.TryRemove(KeyValuePair.Create(id, forgetAt));
        }
    }
}
