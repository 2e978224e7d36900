namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The lowest fixed price a service advertises for one intent in one currency, for a catalogue's
/// "from …" line.
/// </summary>
/// <param name="Intent">The offers' intent: prices of different intents are not comparable (a session's amount is not a per-request price).</param>
/// <param name="Currency">The currency as the cheapest offer writes it (currencies are grouped without regard to case: hex addresses and ISO 4217 codes are case-insensitive).</param>
/// <param name="Amount">The lowest amount, base units.</param>
/// <param name="Method">The payment method of the cheapest offer (the first in document order on a tie).</param>
public sealed record PriceFrom(string Intent, string Currency, string Amount, string Method);
