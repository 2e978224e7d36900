namespace IndieGent.Wallet.Api.Signing;

/// <summary>
/// In-process word that the Ledger's decision on a payment was just recorded. A signing request
/// often arrives a moment before the CapChecked that approves it (they travel on different
/// queues); the signer waits for that moment instead of refusing and having Settlement retry.
/// </summary>
public sealed class DecisionSignals
{
    private readonly Dictionary<Guid, TaskCompletionSource> _waiting = [];

    public void Recorded(Guid paymentId)
    {
        TaskCompletionSource? source;
        lock (_waiting)
        {
            if (!_waiting.Remove(paymentId, out source))
                return;
        }
        source.TrySetResult();
    }

    /// <summary>
    /// Watches for the payment's decision from now on: register before reading the approval, so a
    /// decision recorded in between is not missed. Dispose to stop watching.
    /// </summary>
    public Watch Register(Guid paymentId)
    {
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(paymentId, out var source))
                _waiting[paymentId] = source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new Watch(this, paymentId, source);
        }
    }

    private void Forget(Guid paymentId, TaskCompletionSource source)
    {
        lock (_waiting)
        {
            if (_waiting.TryGetValue(paymentId, out var current) && current == source)
                _waiting.Remove(paymentId);
        }
    }

    public sealed class Watch(DecisionSignals owner, Guid paymentId, TaskCompletionSource source) : IDisposable
    {
        /// <summary>Completes when the decision is recorded in this process, or after <paramref name="timeout"/>.</summary>
        public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                await source.Task.WaitAsync(timeout, ct);
            }
            catch (TimeoutException)
            {
                // Recorded by another replica, or not at all: the caller reads the record again.
            }
        }

        public void Dispose() => owner.Forget(paymentId, source);
    }
}
