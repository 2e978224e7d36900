using IndieGent.Contracts.Payments;

namespace IndieGent.Contracts.Marketplace;

/// <summary>
/// A marketplace call is a payment the Ledger settles inside itself: its <see cref="PaymentTerms"/>
/// say <see cref="Protocol"/>, the provider's payout address as recipient (so allow/deny lists of
/// recipients name providers) and the upstream's host (so host lists apply as to any API).
/// </summary>
public static class MarketplaceCharges
{
    /// <summary>The <see cref="PaymentTerms.Protocol"/> of a marketplace call.</summary>
    public const string Protocol = "marketplace";

    /// <summary>Its <see cref="PaymentTerms.CredentialType"/>: no credential leaves the platform.</summary>
    public const string CredentialType = "internal";

    public static bool IsMarketplace(this PaymentTerms terms) => terms.Protocol == Protocol;
}

/// <summary>
/// A marketplace call to charge (Gateway → Ledger, <c>POST /internal/marketplace/charges</c>).
/// <paramref name="Attempt"/> names the agent's request: the same for every time the Gateway's
/// transport sends it again (a timed-out send may have reserved and claimed the call, and its resend
/// must still be the one that makes it), a new one for each request the agent makes.
/// </summary>
public sealed record MarketplaceChargeRequested(PaymentRequested Call, Guid Attempt);

/// <summary>
/// The Ledger's answer to a marketplace charge (<c>POST /internal/marketplace/charges</c>): whether
/// this request may call the provider now. <paramref name="Proceed"/> is true for exactly one
/// request of the agent per call id (<see cref="MarketplaceChargeRequested.Attempt"/>): the one that
/// reserved it, or the first to come back after the operator approved.
/// </summary>
public sealed record MarketplaceCharge(Guid CallId, PaymentStatus Status, long Amount, bool Proceed, PaymentReason? Reason, string? Detail);

/// <summary>How a forwarded call ended, for the Ledger (<c>POST /internal/marketplace/charges/{id}/outcome</c>).</summary>
/// <param name="Succeeded">True to capture the held price; false to void it.</param>
/// <param name="Reason">Why it failed (<see cref="PaymentReason.UpstreamFailed"/> or <see cref="PaymentReason.UpstreamTimedOut"/>).</param>
/// <param name="Service">The service's slug and <paramref name="ProviderId"/> its provider, for the catalog's statistics.</param>
/// <param name="UpstreamStatus">The provider's HTTP status, or null when it never answered.</param>
/// <param name="LatencyMicroseconds">From forwarding the request to the provider's response headers (or the failure).</param>
public sealed record MarketplaceCallOutcome(bool Succeeded, PaymentReason? Reason, string? Detail, string Service, Guid ProviderId, int? UpstreamStatus,
    long LatencyMicroseconds);

/// <summary>
/// A marketplace call ended (Ledger → Marketplace, published in the commit that captured or voided
/// it): the catalog's usage statistics are computed from these, exactly one per call.
/// </summary>
/// <param name="UpstreamStatus">The provider's HTTP status, or null when it never answered (timeout, refused).</param>
public sealed record MarketplaceCallCompleted(
    Guid CallId, Guid AgentId, Guid OperatorId, string Service, Guid ProviderId, bool Succeeded, int? UpstreamStatus, long LatencyMicroseconds,
    long Amount, PaymentReason? Reason, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => CallId;
}
