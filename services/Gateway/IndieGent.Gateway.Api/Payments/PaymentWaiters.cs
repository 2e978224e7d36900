using IndieGent.Contracts.Payments;

namespace IndieGent.Gateway.Api.Payments;

/// <summary>
/// Requests waiting for a payment's outcome in this Gateway instance, completed by the saga's
/// <see cref="PaymentStatusChanged"/> (every instance hears every status on its own queue).
/// </summary>
public sealed class PaymentWaiters
{
    private readonly Dictionary<Guid, List<TaskCompletionSource<PaymentStatusChanged>>> _waiting = [];
    private readonly Dictionary<Guid, int> _waitingPerAgent = [];

    /// <summary>
    /// One of at most <paramref name="limit"/> waiting places of the agent, held until disposed; null
    /// when all are taken.
    /// </summary>
    public IDisposable? TryHoldWait(Guid agentId, int limit)
    {
        lock (_waitingPerAgent)
        {
            var held = _waitingPerAgent.GetValueOrDefault(agentId);
            if (held >= limit)
                return null;
            _waitingPerAgent[agentId] = held + 1;
        }

        return new WaitSlot(this, agentId);
    }

    private void Release(Guid agentId)
    {
        lock (_waitingPerAgent)
        {
            if (--_waitingPerAgent[agentId] == 0)
                _waitingPerAgent.Remove(agentId);
        }
    }

    private sealed class WaitSlot(PaymentWaiters owner, Guid agentId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Release(agentId);
        }
    }

    /// <summary>
    /// Statuses worth answering with; anything else means "still working". A transfer broadcast
    /// for a <c>hash</c> credential is not an answer yet: the credential comes once it is confirmed.
    /// </summary>
    public static bool IsAnswer(PaymentStatus status, string? credential) =>
        status is not (PaymentStatus.Settling or PaymentStatus.Broadcast) || credential is not null;

    /// <summary>Registers before asking, so no answer can slip between the question and the wait.</summary>
    public Waiter Register(Guid paymentId)
    {
        var source = new TaskCompletionSource<PaymentStatusChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(paymentId, out var list))
                _waiting[paymentId] = list = [];
            list.Add(source);
        }
        return new Waiter(this, paymentId, source);
    }

    public void Complete(PaymentStatusChanged status)
    {
        if (!IsAnswer(status.Status, status.Credential))
            return;
        List<TaskCompletionSource<PaymentStatusChanged>>? waiters;
        lock (_waiting)
        {
            if (!_waiting.Remove(status.PaymentId, out waiters))
                return;
        }
        foreach (var waiter in waiters)
            waiter.TrySetResult(status);
    }

    private void Remove(Guid paymentId, TaskCompletionSource<PaymentStatusChanged> source)
    {
        lock (_waiting)
        {
            if (_waiting.TryGetValue(paymentId, out var list) && list.Remove(source) && list.Count == 0)
                _waiting.Remove(paymentId);
        }
    }

    public sealed class Waiter(PaymentWaiters owner, Guid paymentId, TaskCompletionSource<PaymentStatusChanged> source) : IDisposable
    {
        /// <summary>The answer, or null when <paramref name="wait"/> passes first.</summary>
        public async Task<PaymentStatusChanged?> WaitAsync(TimeSpan wait, CancellationToken ct)
        {
            try
            {
                return await source.Task.WaitAsync(wait, ct);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }

        public void Dispose() => owner.Remove(paymentId, source);
    }
}
