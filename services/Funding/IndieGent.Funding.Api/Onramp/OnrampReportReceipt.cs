namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// A Coinbase report already applied (id: the webhook delivery's digest, or the polled
/// transaction's state), so a redelivered or replayed event is applied once.
/// </summary>
public sealed record OnrampReportReceipt(string Id, Guid OrderId, DateTimeOffset ReceivedAt);
