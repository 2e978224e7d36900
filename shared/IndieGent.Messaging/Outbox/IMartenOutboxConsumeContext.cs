namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Found as a payload of a consume context that runs inside the Marten consumer outbox: the saga
/// repository then leaves committing to the outbox, and the scheduler cancels through its writer.
/// </summary>
internal interface IMartenOutboxConsumeContext
{
    OutboxWriter Writer { get; }

    /// <summary>The session bound to the consume's transaction; null for a message consumed before.</summary>
    Marten.IDocumentSession? Session { get; }
}
