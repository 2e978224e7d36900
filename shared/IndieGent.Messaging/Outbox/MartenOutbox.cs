namespace IndieGent.Messaging.Outbox;

/// <summary>
/// The key under which MassTransit's outbox filter finds <see cref="MartenOutboxContextFactory"/>
/// (<c>IOutboxContextFactory&lt;MartenOutbox&gt;</c>); it has no members.
/// </summary>
internal sealed class MartenOutbox;
