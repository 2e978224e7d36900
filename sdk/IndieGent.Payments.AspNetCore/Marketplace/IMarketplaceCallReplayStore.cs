namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>
/// Remembers the marketplace calls this provider accepted, so a captured header cannot be sent twice. The default
/// keeps them in process memory (one instance); several instances behind a load balancer share a store instead.
/// </summary>
public interface IMarketplaceCallReplayStore
{
    /// <summary>Claims <paramref name="callId"/>; only the first of any number of claims, concurrent or not, wins.</summary>
    /// <param name="callId">The call's id.</param>
    /// <param name="forgetAfter">When the call can no longer be accepted anyway (its expiry plus the clock skew): the store may forget it then.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns><see langword="true"/> for the first claim; <see langword="false"/> when the call was used.</returns>
    ValueTask<bool> TryClaimAsync(Guid callId, DateTimeOffset forgetAfter, CancellationToken cancellationToken);
}
