using IndieGent.Messaging.Outbox;
using Marten;
using MassTransit;

namespace IndieGent.Messaging;

/// <summary>The Marten session of a consume running inside the outbox, for code that holds only the consume context (a saga's activities).</summary>
public static class ConsumeSessionExtensions
{
    /// <summary>
    /// The session bound to this consume's transaction: what is written here commits with the
    /// inbox claim, the saga's state and the messages sent, on every attempt (a retry gets the
    /// new attempt's session, never an earlier one's).
    /// </summary>
    /// <exception cref="InvalidOperationException">The consume does not run inside the Marten outbox.</exception>
    public static IDocumentSession ConsumeSession(this ConsumeContext context) =>
        context.TryGetPayload<IMartenOutboxConsumeContext>(out var outbox) && outbox.Session is { } session
            ? session
            : throw new InvalidOperationException(
                "This consume does not run inside the Marten outbox (UseMartenOutbox), so it has no session of its own to write to.");
}
