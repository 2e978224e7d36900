namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Bounds the consumes that run inside outbox transactions at once in a process (see
/// <see cref="MartenOutboxOptions.ConcurrentConsumeLimit"/>), so connections held by consumes can
/// never starve the second connection one of them needs: after a broker outage every endpoint's
/// backlog arrives at once.
/// </summary>
internal sealed class OutboxConsumeGate(int limit)
{
    private readonly SemaphoreSlim _slots = new(limit, limit);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
