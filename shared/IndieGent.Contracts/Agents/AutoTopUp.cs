namespace IndieGent.Contracts.Agents;

/// <summary>
/// An agent's auto-top-up rule as the operator sets it: below <paramref name="Threshold"/>, refill to
/// <paramref name="Target"/> from the operator's treasury, at most <paramref name="DailyMaximum"/> a
/// UTC day. Base units.
/// </summary>
public sealed record AutoTopUp(long Threshold, long Target, long DailyMaximum);
