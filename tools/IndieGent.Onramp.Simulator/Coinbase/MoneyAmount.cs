namespace IndieGent.Onramp.Simulator.Coinbase;

/// <summary>CDP's <c>MoneyAmount</c>: a decimal string and its currency, in webhooks and in the v1 status API alike.</summary>
public sealed record MoneyAmount(string Currency, string Value);
