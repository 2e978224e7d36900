using MassTransit;

namespace IndieGent.Messaging;

/// <summary>
/// Settings of the Marten outbox, inbox and scheduler (see <see cref="IndieGentMessagingOptions.UseMartenOutbox"/>).
/// The defaults suit a service; tests shorten the delays.
/// </summary>
public sealed class MartenOutboxOptions
{
    /// <summary>
    /// How long the relay sleeps between looks for due messages when nothing in this process woke
    /// it: the delay before another replica's messages and scheduled messages are relayed. Default 1 s.
    /// </summary>
    public TimeSpan QueryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most messages the relay locks and sends in one transaction. Default 100.</summary>
    public int QueryMessageLimit { get; set; } = 100;

    /// <summary>How long the relay waits for the broker to take one message before it gives up for now. Default 10 s.</summary>
    public TimeSpan MessageDeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a message whose relay failed waits before the next attempt; attempts back off
    /// from one second up to this. Default 30 s.
    /// </summary>
    public TimeSpan MaxRedeliveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the inbox remembers a consumed message, so a redelivery within this window is not
    /// consumed again. Default 30 minutes.
    /// </summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often inbox rows older than <see cref="DuplicateDetectionWindow"/> are deleted. Default 1 minute.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether this process relays stored messages to the broker (default true). Any process with
    /// it on relays every replica's rows; turn it off only where a process must not talk to the
    /// broker for the outbox (a one-off tool, or a test that simulates a crash before the relay).
    /// </summary>
    public bool DeliverMessages { get; set; } = true;

    /// <summary>
    /// The retry policy applied to every receive endpoint, outside the outbox, so each attempt runs
    /// on fresh state in a new transaction. It is what resolves optimistic-concurrency conflicts — a
    /// saga's, and an account stream that several payments of one agent append to at once. Default:
    /// 12 retries, exponential from 20 ms to 2 s (about 8 s in all), so a burst of one agent's
    /// confirmations settles one after the other rather than faulting.
    /// </summary>
    public Action<IRetryConfigurator> Retry { get; set; } =
        retry => retry.Exponential(12, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(40));

    /// <summary>
    /// The most consumes running inside outbox transactions at once in this process (default 8).
    /// Each holds a database connection for its whole run and may open one more (a service's own
    /// session, an event stream's append); were every connection of the pool held by a consume
    /// waiting for a second, all of them would wait until the pool's timeout. Keep twice this
    /// number below the pool size.
    /// </summary>
    public int ConcurrentConsumeLimit { get; set; } = 8;

    internal void Validate()
    {
        if (ConcurrentConsumeLimit < 1)
            throw new InvalidOperationException($"MartenOutboxOptions.{nameof(ConcurrentConsumeLimit)} must be at least 1; it is {ConcurrentConsumeLimit}.");
        Positive(QueryDelay, nameof(QueryDelay));
        Positive(MessageDeliveryTimeout, nameof(MessageDeliveryTimeout));
        Positive(MaxRedeliveryDelay, nameof(MaxRedeliveryDelay));
        Positive(DuplicateDetectionWindow, nameof(DuplicateDetectionWindow));
        Positive(CleanupInterval, nameof(CleanupInterval));
        if (QueryMessageLimit < 1)
            throw new InvalidOperationException($"MartenOutboxOptions.{nameof(QueryMessageLimit)} must be at least 1; it is {QueryMessageLimit}.");
        if (Retry is null)
            throw new InvalidOperationException($"MartenOutboxOptions.{nameof(Retry)} must be set.");
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
            throw new InvalidOperationException($"MartenOutboxOptions.{name} must be positive; it is {value}.");
    }
}
