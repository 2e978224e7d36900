namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>
/// One event, serialized once: a redelivery sends the same <c>X-Event-Id</c> and the same bytes
/// (only the signature's timestamp is new), as hook0 does.
/// </summary>
public sealed record WebhookEvent(Guid EventId, string EventType, ReadOnlyMemory<byte> Body);
