using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>
/// Makes two <see cref="AddItem"/> messages to one saga overlap for sure: each first attempt waits
/// here, after its saga state was loaded, until the other arrived too; so both work from the same
/// version and one of them must lose the optimistic-concurrency check.
/// </summary>
public sealed class RaceGate
{
    private readonly TaskCompletionSource _bothArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;
    private int _retries;

    public bool Enabled { get; set; }

    public int Retries => Volatile.Read(ref _retries);

    public async Task PassAsync(ConsumeContext context)
    {
        if (!Enabled)
            return;

        if (context.GetRetryAttempt() > 0)
        {
            Interlocked.Increment(ref _retries);
            return;
        }

        if (Interlocked.Increment(ref _arrived) >= 2)
            _bothArrived.TrySetResult();
        await _bothArrived.Task.WaitAsync(TimeSpan.FromSeconds(20), context.CancellationToken);
    }
}
