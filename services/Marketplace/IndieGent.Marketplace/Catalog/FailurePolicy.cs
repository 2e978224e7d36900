namespace IndieGent.Marketplace.Catalog;

/// <summary>
/// When a proxied call counts as the provider's failure, so the agent's held price is voided
/// instead of captured. By default every server error, a timeout and an unreachable upstream void.
/// </summary>
/// <param name="TimeoutSeconds">How long the proxy waits for the upstream's response headers.</param>
/// <param name="VoidOnServerError">A 5xx answer voids.</param>
/// <param name="VoidOnTimeout">No answer within the timeout voids (the agent gets 504).</param>
/// <param name="VoidOnConnectionFailure">An unreachable upstream (refused, reset, DNS) voids (the agent gets 502).</param>
/// <param name="VoidOnStatus">Further statuses that void (e.g. 429).</param>
public sealed record FailurePolicy(
    int TimeoutSeconds = 15, bool VoidOnServerError = true, bool VoidOnTimeout = true, bool VoidOnConnectionFailure = true,
    IReadOnlyList<int>? VoidOnStatus = null)
{
    public static FailurePolicy Default { get; } = new();

    /// <summary>Whether an upstream that answered <paramref name="status"/> failed.</summary>
    public bool Fails(int status) => (VoidOnServerError && status >= 500) || (VoidOnStatus?.Contains(status) ?? false);
}
