using System.Diagnostics.CodeAnalysis;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The outcome of reading a discovery document: a <see cref="Listing"/> when the document has no
/// error, otherwise every error found (the reader does not stop at the first one). Warnings are
/// departures from the draft's SHOULDs that do not prevent a listing.
/// </summary>
public sealed record DiscoveryResult
{
    internal DiscoveryResult(ServiceListing? listing, IReadOnlyList<DiscoveryIssue> errors, IReadOnlyList<DiscoveryIssue> warnings)
    {
        Listing = listing;
        Errors = errors;
        Warnings = warnings;
    }

    public ServiceListing? Listing { get; }

    public IReadOnlyList<DiscoveryIssue> Errors { get; }

    public IReadOnlyList<DiscoveryIssue> Warnings { get; }

    [MemberNotNullWhen(true, nameof(Listing))]
    public bool Succeeded => Listing is not null;
}
