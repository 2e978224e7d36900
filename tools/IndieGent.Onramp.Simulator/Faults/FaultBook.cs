using System.Collections.Concurrent;

namespace IndieGent.Onramp.Simulator.Faults;

/// <summary>
/// The faults tests asked for: per session, or for the next purchase of any session (used once).
/// A session's own plan wins over the next-purchase plan, which then stays for the purchase after.
/// </summary>
public sealed class FaultBook
{
    private readonly ConcurrentDictionary<string, FaultPlan> _bySession = new(StringComparer.Ordinal);
    private FaultPlan? _next;

    public void SetForSession(string sessionId, FaultPlan plan) => _bySession[sessionId] = plan;

    public void SetForNextPurchase(FaultPlan? plan) => Volatile.Write(ref _next, plan);

    /// <summary>The plan for the purchase of <paramref name="sessionId"/>, taking the next-purchase plan if the session has none.</summary>
    public FaultPlan TakeFor(string sessionId) =>
        _bySession.TryGetValue(sessionId, out var own) ? own : Interlocked.Exchange(ref _next, null) ?? FaultPlan.None;
}
