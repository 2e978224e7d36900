namespace IndieGent.Messaging;

/// <summary>
/// Optional features of <see cref="MessagingExtensions.AddIndieGentMessaging{TBuilder}"/>; without
/// any, the bus is plain MassTransit on RabbitMQ.
/// </summary>
public sealed class IndieGentMessagingOptions
{
    internal MartenOutboxOptions? Outbox { get; private set; }

    internal List<string> TemporaryQueuePrefixes { get; } = [];

    /// <summary>
    /// Keeps the receive queues whose names start with <paramref name="namePrefix"/> classic when the durable ones are quorum
    /// queues (see <see cref="BrokerSettings.QueueType"/>): a temporary, auto-deleted queue cannot be a quorum queue.
    /// </summary>
    public IndieGentMessagingOptions TemporaryQueue(string namePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(namePrefix);
        TemporaryQueuePrefixes.Add(namePrefix);
        return this;
    }

    /// <summary>
    /// Makes messaging transactional on the service's Marten database (set up with
    /// <see cref="MartenExtensions.AddIndieGentMarten{TBuilder}"/>):
    /// <list type="bullet">
    /// <item>every consumer and saga runs in one PostgreSQL transaction with an inbox claim (a message
    /// redelivered, or published twice with one MessageId, is consumed once per consumer), its saga
    /// state, the events and documents it writes through the scope's <c>IDocumentSession</c> (it need
    /// not save; saving only flushes), and the messages it publishes, sends or schedules;</item>
    /// <item>outside consumers (an HTTP endpoint), publishing or sending through the scoped
    /// <c>IPublishEndpoint</c>/<c>ISendEndpointProvider</c> stores the message in the scope's
    /// <c>IDocumentSession</c>: it is sent only once that session's <c>SaveChangesAsync</c> commits,
    /// so publish before saving;</item>
    /// <item>stored messages are relayed to RabbitMQ after the commit by a background service, with
    /// their MessageId and headers; scheduled messages (saga timeouts) are relayed when due, and
    /// <c>Unschedule</c> deletes them, all without RabbitMQ's delayed-exchange plugin;</item>
    /// <item>every endpoint retries with <see cref="MartenOutboxOptions.Retry"/>, which also resolves
    /// saga concurrency conflicts (<see cref="MartenSagaRepositoryExtensions.MartenRepository{T}"/>).</item>
    /// </list>
    /// </summary>
    public IndieGentMessagingOptions UseMartenOutbox(Action<MartenOutboxOptions>? configure = null)
    {
        var options = new MartenOutboxOptions();
        configure?.Invoke(options);
        options.Validate();
        Outbox = options;
        return this;
    }
}
