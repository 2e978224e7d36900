using IndieGent.Onramp.Simulator.Faults;
using IndieGent.Onramp.Simulator.Sessions;

namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>The events of one purchase, in the order Coinbase would send them, and how to misdeliver them.</summary>
public sealed record WebhookBatch(OnrampSession Session, IReadOnlyList<WebhookEvent> Events, FaultPlan Plan);
