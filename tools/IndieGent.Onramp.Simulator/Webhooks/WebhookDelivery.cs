namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>One attempt to deliver an event, for tests to inspect: the receiver's status, or why there was none.</summary>
public sealed record WebhookDelivery(Guid EventId, string EventType, DateTimeOffset At, int? StatusCode, string? Error);
