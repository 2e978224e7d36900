namespace IndieGent.Messaging.Tests.Support;

/// <summary>
/// The system clock plus an offset a test moves forward, so a 30-minute timeout is due at once.
/// Timers stay real: only "now" moves.
/// </summary>
public sealed class AdjustableTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
