namespace IndieGent.Samples.Providers.Email;

/// <summary>A message delivered to the demo inbox, with the marketplace call that paid for it.</summary>
public sealed record EmailMessage(string MessageId, string To, string Subject, string Text, DateTimeOffset DeliveredAt, Guid CallId);
