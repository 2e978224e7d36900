namespace IndieGent.Payments.Protocol.Marketplace;

/// <summary>
/// A call an agent paid for through the IndieGent marketplace, as the platform vouches for it to the provider
/// in the <see cref="MarketplaceCallHeader.Name"/> header. Timestamps travel in whole seconds.
/// </summary>
/// <param name="ProviderId">The provider the call is for (<c>pid</c>).</param>
/// <param name="Service">The service's slug in the marketplace, for example <c>demo-flights</c> (<c>svc</c>).</param>
/// <param name="CallId">The call's id: unique per call, so a provider refuses a second request with it (<c>cid</c>).</param>
/// <param name="Price">What the agent pays for the call, in base units of the token, as canonical decimal text (<c>amt</c>).</param>
/// <param name="Currency">The token, for example <c>USDC</c> (<c>cur</c>).</param>
/// <param name="Method">The upstream request's HTTP method (<c>m</c>).</param>
/// <param name="Path">The upstream request's full path without the query, as the provider receives it: PathBase + Path (<c>p</c>).</param>
/// <param name="IssuedAt">When the platform forwarded the call (<c>iat</c>).</param>
/// <param name="ExpiresAt">After this instant the header is worthless (<c>exp</c>).</param>
public sealed record MarketplaceCall(
    Guid ProviderId,
    string Service,
    Guid CallId,
    string Price,
    string Currency,
    string Method,
    string Path,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
