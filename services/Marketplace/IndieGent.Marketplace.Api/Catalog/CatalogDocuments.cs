using IndieGent.Marketplace.Catalog;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>A provider: who lists services and is paid for their calls (an operator can be one).</summary>
public sealed class ProviderRecord
{
    public Guid Id { get; set; }

    public Guid OperatorId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Where payouts go on chain (0x, lower case); recipient allow/deny lists of agents name providers by it.</summary>
    public string PayoutAddress { get; set; } = "";

    public string? Website { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An operation of an external (imported) service and what it asks per call.</summary>
public sealed record ExternalOperation(string Method, string Path, string? OperationId, string? Summary, IReadOnlyList<ExternalOffer> Offers);

/// <summary>One way to pay an external operation, as its document offers it; <c>Amount</c> (base units) is null when priced per request.</summary>
public sealed record ExternalOffer(string? Amount, string? Currency, string? Method, string? Intent, string? Description);

/// <summary>
/// A service in the catalog (id = its slug). <c>proxied</c>: called through
/// <c>/v1/marketplace/{slug}/…</c> and settled in the ledger; <c>external</c>: imported from its
/// OpenAPI document, called directly and paid through the normal 402 path.
/// </summary>
public sealed class ServiceListing
{
    public string Id { get; set; } = "";

    public string Kind { get; set; } = "proxied";

    public Guid ProviderId { get; set; }

    public Guid OperatorId { get; set; }

    public string Name { get; set; } = "";

    public string Category { get; set; } = "";

    public IReadOnlyList<string> Categories { get; set; } = [];

    public string Description { get; set; } = "";

    public string BaseUrl { get; set; } = "";

    public long Price { get; set; }

    /// <summary>The lowest price of any route (what "price ≤ x" filters on).</summary>
    public long MinPrice { get; set; }

    public string Currency { get; set; } = "USDC";

    public IReadOnlyList<RoutePrice> Routes { get; set; } = [];

    public UpstreamAuth UpstreamAuth { get; set; } = UpstreamAuth.None;

    public FailurePolicy Failure { get; set; } = FailurePolicy.Default;

    public string Status { get; set; } = "active";

    public IReadOnlyList<string> Docs { get; set; } = [];

    public IReadOnlyList<ExternalOperation> Operations { get; set; } = [];

    /// <summary>Where an external service's OpenAPI document was read from, if from a URL.</summary>
    public string? OpenApiUrl { get; set; }

    /// <summary>Increments on each write: the ETag, and what If-Match compares.</summary>
    public int Revision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One confirmed payout to a payout address (id = payout id), as the Ledger announced it (and took back, should its transaction leave the chain).</summary>
public sealed class PayoutRecord
{
    public Guid Id { get; set; }

    /// <summary>0x, lower case.</summary>
    public string PayoutAddress { get; set; } = "";

    public long Amount { get; set; }

    public string TxHash { get; set; } = "";

    public long BlockNumber { get; set; }

    /// <summary>When the Ledger booked the confirmation.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>When the Ledger said its transaction left the chain (a reorganisation): not a payout received until confirmed again.</summary>
    public DateTimeOffset? LeftChainAt { get; set; }
}

/// <summary>One ended marketplace call (id = call id), as the Ledger announced it: statistics are computed from these.</summary>
public sealed class CallRecord
{
    public Guid Id { get; set; }

    public string Service { get; set; } = "";

    public Guid ProviderId { get; set; }

    public Guid AgentId { get; set; }

    public Guid OperatorId { get; set; }

    public bool Succeeded { get; set; }

    public int? UpstreamStatus { get; set; }

    public double LatencyMs { get; set; }

    public long Amount { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>An operator's rating of a service its agents called (id = slug + operator): one per operator, changeable.</summary>
public sealed class ServiceRating
{
    public string Id { get; set; } = "";

    public string Service { get; set; } = "";

    public Guid OperatorId { get; set; }

    public int Stars { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset At { get; set; }

    public static string IdOf(string slug, Guid operatorId) => $"{slug}:{operatorId:N}";
}
