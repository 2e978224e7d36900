using System.Globalization;
using System.Security.Claims;
using IndieGent.Marketplace.Catalog;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Marten.Pagination;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>
/// The catalog: providers (an operator can be one) list paid services; anyone with a key searches
/// them, with usage statistics and ratings; operators rate services their agents called.
/// </summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var providers = app.MapGroup("/v1/marketplace/providers").WithTags("Marketplace").RequireAuthorization(IdentityPolicies.Operator);
        providers.MapPost("", CreateProvider);
        providers.MapGet("", ListProviders);
        providers.MapGet("/{providerId:guid}", GetProvider);

        var services = app.MapGroup("/v1/marketplace/services").WithTags("Marketplace").RequireAuthorization();
        services.MapGet("", Search);
        services.MapGet("/{slug}", Get);
        services.MapPut("/{slug}", Put).RequireAuthorization(IdentityPolicies.Operator);
        services.MapPost("/{slug}/ratings", Rate).RequireAuthorization(IdentityPolicies.Operator);
        return app;
    }

    public sealed record ProviderRequest(string? Name, string? PayoutAddress, string? Website);

    public sealed record RouteRequest(string? Method, string? Path, string? Price);

    public sealed record UpstreamAuthRequest(string? Kind, string? Header, string? Secret);

    public sealed record FailureRequest(int? TimeoutSeconds, bool? VoidOnServerError, bool? VoidOnTimeout, bool? VoidOnConnectionFailure,
        IReadOnlyList<int>? VoidOnStatus);

    public sealed record ServiceRequest(
        Guid? ProviderId, string? Name, string? Category, string? Description, string? BaseUrl, string? Price, string? Currency,
        IReadOnlyList<RouteRequest>? Routes, UpstreamAuthRequest? UpstreamAuth, FailureRequest? Failure, string? Status);

    public sealed record RatingRequest(int? Stars, string? Comment);

    public sealed record RatingView(string Service, int Stars, string? Comment, DateTimeOffset At);

    public sealed record SearchResult(IReadOnlyList<ServiceView> Services, long Total, int Limit, int Offset);

    public static async Task<IResult> CreateProvider(ProviderRequest? body, ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        var errors = new Errors()
            .Check("name", ServiceRules.Name(body?.Name))
            .Check("payoutAddress", ServiceRules.PayoutAddress(body?.PayoutAddress))
            .Check("website", body?.Website is null ? [] : ServiceRules.BaseUrl(body.Website).Select(_ => "The website must be an absolute http(s) URL."));
        if (errors.Any)
            return MarketplaceProblems.Invalid(errors.ToDictionary());
        var now = time.GetUtcNow();
        var provider = new ProviderRecord
        {
            Id = Guid.CreateVersion7(), OperatorId = user.OperatorId()!.Value, Name = body!.Name!.Trim(), PayoutAddress = body.PayoutAddress!.ToLowerInvariant(),
            Website = body.Website, CreatedAt = now, UpdatedAt = now,
        };
        session.Insert(provider);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/v1/marketplace/providers/{provider.Id}", ProviderView.Of(provider));
    }

    public static async Task<IResult> ListProviders(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var operatorId = user.OperatorId()!.Value;
        var providers = await session.Query<ProviderRecord>().Where(p => p.OperatorId == operatorId).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(providers.Select(ProviderView.Of).ToList());
    }

    public static async Task<IResult> GetProvider(Guid providerId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<ProviderRecord>(providerId, ct) is not { } p || p.OperatorId != user.OperatorId())
            return MarketplaceProblems.ProviderNotFound(providerId);
        var charged = session.Query<CallRecord>().Where(c => c.ProviderId == providerId && c.Succeeded);
        var calls = await charged.CountAsync(ct);
        var earned = calls == 0 ? 0 : await charged.SumAsync(c => c.Amount, ct);
        var payouts = session.Query<PayoutRecord>().Where(r => r.PayoutAddress == p.PayoutAddress && r.LeftChainAt == null);
        var paidOut = await payouts.AnyAsync(ct) ? await payouts.SumAsync(r => r.Amount, ct) : 0;
        var recent = await payouts.OrderByDescending(r => r.At).Take(20).ToListAsync(ct);
        return TypedResults.Ok(ProviderView.Of(p) with
        {
            Earnings = new ProviderEarnings(calls, earned, paidOut, earned - paidOut, "USDC",
                recent.Select(r => new PayoutView(r.Id, r.Amount, r.TxHash, r.BlockNumber, r.At)).ToList()),
        });
    }

    /// <summary>Creates the service under this slug, or replaces its definition (its owner only; <c>If-Match</c> guards against lost updates).</summary>
    public static async Task<IResult> Put(string slug, ServiceRequest? body, HttpContext http, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var operatorId = user.OperatorId()!.Value;
        var existing = await session.LoadAsync<ServiceListing>(slug, ct);
        if (existing is not null && existing.OperatorId != operatorId)
            return MarketplaceProblems.Of("slug-taken", "Slug taken", $"The slug '{slug}' is another provider's service; choose another.",
                StatusCodes.Status409Conflict);
        if (existing is not null && http.Request.Headers.IfMatch.Count > 0 && http.Request.Headers.IfMatch.ToString() != ETag(existing))
            return MarketplaceProblems.Of("precondition-failed", "Changed by someone else",
                "The service changed since you read it (its ETag no longer matches If-Match); read it again and reapply your change.",
                StatusCodes.Status412PreconditionFailed);
        if (existing is { Kind: "external" })
            return MarketplaceProblems.Of("external-service", "Imported service",
                "This service was imported from its OpenAPI document; import it again to change it.", StatusCodes.Status409Conflict);

        var errors = new Errors().Check("slug", ServiceRules.Slug(slug));
        if (body is null)
            return MarketplaceProblems.Invalid(errors.Check("body", ["Send the service's definition as JSON."]).ToDictionary());
        errors.Check("providerId", body.ProviderId is null ? ["The provider's id is required."] : [])
            .Check("name", ServiceRules.Name(body.Name))
            .Check("category", ServiceRules.Category(body.Category))
            .Check("description", ServiceRules.Description(body.Description))
            .Check("baseUrl", ServiceRules.BaseUrl(body.BaseUrl))
            .Check("currency", body.Currency is null or "USDC" ? [] : ["The marketplace settles in USDC."])
            .Check("status", ServiceRules.Status(body.Status))
            .Check("upstreamAuth", ServiceRules.UpstreamAuth(body.UpstreamAuth?.Kind, body.UpstreamAuth?.Header, body.UpstreamAuth?.Secret,
                secretKept: existing?.UpstreamAuth.Kind == body.UpstreamAuth?.Kind && existing?.UpstreamAuth.Secret is not null))
            .Check("failure.timeoutSeconds", ServiceRules.Timeout(body.Failure?.TimeoutSeconds))
            .Check("failure.voidOnStatus", body.Failure?.VoidOnStatus?.Any(s => s is < 400 or > 599) == true
                ? ["Further voiding statuses are 4xx or 5xx codes."] : []);
        var price = Amount(body.Price);
        errors.Check("price", ServiceRules.Price(price));
        var routes = new List<RoutePrice>();
        if (body.Routes is { Count: > ServiceRules.MaxRoutes })
            errors.Check("routes", [$"At most {ServiceRules.MaxRoutes} routes."]);
        for (var i = 0; i < (body.Routes?.Count ?? 0) && i < ServiceRules.MaxRoutes; i++)
        {
            var route = body.Routes![i];
            var routePrice = Amount(route?.Price);
            errors.Check($"routes[{i}]", ServiceRules.Route(route?.Method?.ToUpperInvariant(), route?.Path))
                .Check($"routes[{i}].price", ServiceRules.Price(routePrice, "price"));
            if (route?.Method is not null && route.Path is not null && routePrice is > 0)
                routes.Add(new RoutePrice(route.Method.ToUpperInvariant(), route.Path, routePrice.Value));
        }

        ProviderRecord? provider = null;
        if (body.ProviderId is { } providerId && (provider = await session.LoadAsync<ProviderRecord>(providerId, ct)) is null ||
            provider is not null && provider.OperatorId != operatorId)
            errors.Check("providerId", ["No such provider belongs to this operator (create one with POST /v1/marketplace/providers)."]);
        if (errors.Any)
            return MarketplaceProblems.Invalid(errors.ToDictionary());

        var now = time.GetUtcNow();
        var listing = existing ?? new ServiceListing { Id = slug, OperatorId = operatorId, CreatedAt = now };
        listing.Kind = "proxied";
        listing.ProviderId = provider!.Id;
        listing.Name = body.Name!.Trim();
        listing.Category = body.Category!;
        listing.Categories = [body.Category!];
        listing.Description = body.Description?.Trim() ?? "";
        listing.BaseUrl = body.BaseUrl!.TrimEnd('/');
        listing.Price = price!.Value;
        listing.Routes = routes;
        listing.MinPrice = routes.Select(r => r.Price).Append(price.Value).Min();
        listing.Currency = "USDC";
        var auth = body.UpstreamAuth?.Kind ?? "none";
        listing.UpstreamAuth = auth == "none"
            ? UpstreamAuth.None
            : new UpstreamAuth(auth, auth == "header" ? body.UpstreamAuth!.Header : null,
                string.IsNullOrEmpty(body.UpstreamAuth!.Secret) ? existing!.UpstreamAuth.Secret : body.UpstreamAuth.Secret);
        var failure = body.Failure;
        listing.Failure = new FailurePolicy(failure?.TimeoutSeconds ?? FailurePolicy.Default.TimeoutSeconds,
            failure?.VoidOnServerError ?? true, failure?.VoidOnTimeout ?? true, failure?.VoidOnConnectionFailure ?? true,
            failure?.VoidOnStatus?.Distinct().ToList());
        listing.Status = body.Status ?? "active";
        listing.Revision++;
        listing.UpdatedAt = now;
        if (existing is null)
            session.Insert(listing);
        else
            session.Update(listing);
        await session.SaveChangesAsync(ct);

        http.Response.Headers.ETag = ETag(listing);
        var view = ServiceView.Of(listing, provider, owner: true, null, null);
        return existing is null ? TypedResults.Created($"/v1/marketplace/services/{slug}", view) : TypedResults.Ok(view);
    }

    public static async Task<IResult> Get(string slug, HttpContext http, ClaimsPrincipal user, IQuerySession session, CatalogStats stats,
        CancellationToken ct)
    {
        if (await session.LoadAsync<ServiceListing>(slug, ct) is not { } listing || !Visible(listing, user))
            return MarketplaceProblems.ServiceNotFound(slug);
        var provider = await session.LoadAsync<ProviderRecord>(listing.ProviderId, ct);
        var usage = await stats.StatsAsync([slug], ct);
        var ratings = await stats.RatingsAsync([slug], ct);
        http.Response.Headers.ETag = ETag(listing);
        return TypedResults.Ok(ServiceView.Of(listing, provider, listing.OperatorId == user.OperatorId() && user.AgentId() is null,
            usage.GetValueOrDefault(slug), ratings.GetValueOrDefault(slug)));
    }

    /// <summary>Search by text (name, description, category), category, kind and price (services with a call at most <c>maxPrice</c>).</summary>
    public static async Task<IResult> Search(string? q, string? category, string? kind, string? maxPrice, int? limit, int? offset, ClaimsPrincipal user,
        IQuerySession session, CatalogStats stats, CancellationToken ct)
    {
        var errors = new Errors();
        var max = maxPrice is null ? null : Amount(maxPrice);
        if (maxPrice is not null && max is null)
            errors.Check("maxPrice", ["'maxPrice' is a whole number of base units."]);
        if (limit is < 1 or > 100)
            errors.Check("limit", ["'limit' is 1–100."]);
        if (offset is < 0)
            errors.Check("offset", ["'offset' is 0 or more."]);
        if (kind is not (null or "proxied" or "external"))
            errors.Check("kind", ["'kind' is 'proxied' or 'external'."]);
        if (q is { Length: > 200 })
            errors.Check("q", ["The search text is at most 200 characters."]);
        if (errors.Any)
            return MarketplaceProblems.Invalid(errors.ToDictionary());

        var operatorId = user.OperatorId();
        var isOperator = user.AgentId() is null;
        IQueryable<ServiceListing> query = session.Query<ServiceListing>();
        // Paused services are listed to their owner only.
        query = isOperator ? query.Where(s => s.Status == "active" || s.OperatorId == operatorId) : query.Where(s => s.Status == "active");
        if (!string.IsNullOrWhiteSpace(category))
            query = query.Where(s => s.Category == category.Trim().ToLowerInvariant());
        if (kind is not null)
            query = query.Where(s => s.Kind == kind);
        if (max is { } ceiling)
            query = query.Where(s => s.MinPrice <= ceiling);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase) ||
                                     s.Description.Contains(text, StringComparison.OrdinalIgnoreCase) ||
                                     s.Category.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        var take = limit ?? 50;
        var skip = offset ?? 0;
        var page = await query.OrderBy(s => s.Name).Skip(skip).Take(take).ToListAsync(ct);
        var total = await query.CountAsync(ct);
        var slugs = page.Select(s => s.Id).ToList();
        var providers = await session.LoadManyAsync<ProviderRecord>(ct, page.Select(s => s.ProviderId).Distinct());
        var usage = await stats.StatsAsync(slugs, ct);
        var ratings = await stats.RatingsAsync(slugs, ct);
        return TypedResults.Ok(new SearchResult(
            [.. page.Select(s => ServiceView.Of(s, providers.FirstOrDefault(p => p.Id == s.ProviderId), isOperator && s.OperatorId == operatorId,
                usage.GetValueOrDefault(s.Id), ratings.GetValueOrDefault(s.Id)))],
            total, take, skip));
    }

    /// <summary>1–5 stars (and a comment) from an operator one of whose agents called the service; rating again replaces the rating.</summary>
    public static async Task<IResult> Rate(string slug, RatingRequest? body, ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        if (await session.LoadAsync<ServiceListing>(slug, ct) is not { } listing || !Visible(listing, user))
            return MarketplaceProblems.ServiceNotFound(slug);
        var errors = new Errors()
            .Check("stars", body?.Stars is >= 1 and <= 5 ? [] : ["'stars' is a whole number from 1 to 5."])
            .Check("comment", body?.Comment is { Length: > 1000 } ? ["A comment is at most 1000 characters."] : []);
        if (errors.Any)
            return MarketplaceProblems.Invalid(errors.ToDictionary());
        var operatorId = user.OperatorId()!.Value;
        if (!await session.Query<CallRecord>().AnyAsync(c => c.Service == slug && c.OperatorId == operatorId, ct))
            return MarketplaceProblems.Of("not-a-customer", "Not a customer",
                "Only operators whose agents called this service may rate it.", StatusCodes.Status403Forbidden);
        var rating = new ServiceRating
        {
            Id = ServiceRating.IdOf(slug, operatorId), Service = slug, OperatorId = operatorId, Stars = body!.Stars!.Value,
            Comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim(), At = time.GetUtcNow(),
        };
        session.Store(rating);
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(new RatingView(slug, rating.Stars, rating.Comment, rating.At));
    }

    private static bool Visible(ServiceListing listing, ClaimsPrincipal user) =>
        listing.Status == "active" || (listing.OperatorId == user.OperatorId() && user.AgentId() is null);

    internal static string ETag(ServiceListing listing) => $"\"r{listing.Revision}\"";

    internal static long? Amount(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
