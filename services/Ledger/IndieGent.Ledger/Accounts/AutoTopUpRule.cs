namespace IndieGent.Ledger.Accounts;

/// <summary>
/// Keep an agent funded from its operator's treasury: when a payment's reservation takes the
/// agent's available balance from at least <paramref name="Threshold"/> to below it, one top-up
/// brings it back to <paramref name="Target"/>; top-ups of one UTC day add up to at most
/// <paramref name="DailyMaximum"/>. Base units.
/// </summary>
public sealed record AutoTopUpRule(long Threshold, long Target, long DailyMaximum);
