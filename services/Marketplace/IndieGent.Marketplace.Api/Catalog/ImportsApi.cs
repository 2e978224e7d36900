using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndieGent.Marketplace.Catalog;
using IndieGent.Marketplace.Discovery;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>
/// <c>POST /v1/marketplace/imports</c>: a provider lists an external paid API from its OpenAPI
/// discovery document (given inline or by URL). The listing is <c>external</c>: agents call the API
/// directly and pay its 402 through the platform; the document is advisory (its 402 decides the price).
/// Importing again under the same slug replaces the listing.
/// </summary>
public static class ImportsApi
{
    public const string InvalidDocumentType = "invalid-openapi-document";

    public static IHostApplicationBuilder AddOpenApiImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Configure<IConfiguration>((o, configuration) => o.LedgerToken ??= configuration["Chain:TokenAddress"]);
        // None of the defaults' handlers: one attempt under the fetcher's own time limit (the operator sees what happened
        // and may import again), and no service discovery, which would turn "http://ledger/…" into a service of ours.
        builder.Services.AddHttpClient(OpenApiDocumentFetcher.Client, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear())
            .ConfigurePrimaryHttpMessageHandler(services => OpenApiDocumentFetcher.Handler(services.GetRequiredService<IOptions<ImportOptions>>().Value));
        builder.Services.AddSingleton<OpenApiDocumentFetcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/marketplace/imports", Import).WithTags("Marketplace").RequireAuthorization(IdentityPolicies.Operator)
            .WithSummary("List an external paid API from its OpenAPI discovery document");
        return app;
    }

    /// <param name="Document">The document itself: a JSON object, or a string holding JSON or YAML.</param>
    public sealed record ImportRequest(Guid? ProviderId, string? Slug, string? Url, JsonElement? Document);

    public sealed record ImportServices(
        IDocumentSession Session, OpenApiDocumentFetcher Fetcher, IOptions<ImportOptions> Options, IOptions<JsonOptions> Json, TimeProvider Time);

    public static async Task<IResult> Import(ImportRequest? body, HttpContext http, ClaimsPrincipal user, [AsParameters] ImportServices services,
        CancellationToken ct)
    {
        var operatorId = user.OperatorId()!.Value;
        var document = body?.Document is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } d ? d : (JsonElement?)null;
        var url = Uri.TryCreate(body?.Url, UriKind.Absolute, out var u) ? u : null;
        var errors = new Errors()
            .Check("providerId", body?.ProviderId is null ? ["The provider's id is required."] : [])
            .Check("slug", body?.Slug is null ? [] : ServiceRules.Slug(body.Slug))
            .Check("url", body?.Url is not null && (url is null || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
                ? ["The document's URL must be an absolute http(s) URL without credentials."] : [])
            .Check("document", document is { ValueKind: not (JsonValueKind.Object or JsonValueKind.String) }
                ? ["The document is a JSON object, or a string holding the JSON or YAML text."] : [])
            .Check("body", (body?.Url is null) == (document is null) ? ["Send exactly one of 'url' and 'document'."] : []);
        var provider = body?.ProviderId is { } providerId ? await services.Session.LoadAsync<ProviderRecord>(providerId, ct) : null;
        if (body?.ProviderId is not null && provider?.OperatorId != operatorId)
            errors.Check("providerId", ["No such provider belongs to this operator (create one with POST /v1/marketplace/providers)."]);
        if (errors.Any)
            return MarketplaceProblems.Invalid(errors.ToDictionary());

        var settings = services.Options.Value;
        DiscoveryResult result;
        if (url is not null)
        {
            var fetched = await services.Fetcher.FetchAsync(url, ct);
            if (fetched.Result is null)
                return MarketplaceProblems.Of("openapi-document-unavailable", "Document unavailable", fetched.Failure!, StatusCodes.Status422UnprocessableEntity);
            result = fetched.Result;
        }
        else
        {
            var text = document!.Value.ValueKind == JsonValueKind.String ? document.Value.GetString()! : document.Value.GetRawText();
            result = OpenApiDiscovery.Parse(text, new DiscoveryOptions { MaxDocumentBytes = settings.MaxDocumentBytes });
        }

        if (!result.Succeeded)
            return TypedResults.ValidationProblem(
                result.Errors.GroupBy(e => e.Pointer).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                detail: $"The OpenAPI document cannot be listed: {result.Errors.Count} problem(s), keyed by JSON pointer into the document.",
                title: "Invalid OpenAPI document", type: ServiceHostExtensions.ProblemTypeBase + InvalidDocumentType);

        var slug = body!.Slug ?? ListingSummary.SuggestSlug(result.Listing);
        if (slug is null || ServiceRules.Slug(slug).Any())
            return MarketplaceProblems.Invalid(new Errors().Check("slug",
                [$"No usable slug follows from the title{(slug is null ? "" : $" ('{slug}' is reserved)")}; choose one with 'slug'."]).ToDictionary());

        var existing = await services.Session.LoadAsync<ServiceListing>(slug, ct);
        if (existing is not null && existing.OperatorId != operatorId)
            return MarketplaceProblems.Of("slug-taken", "Slug taken", $"The slug '{slug}' is another provider's service; choose another.",
                StatusCodes.Status409Conflict);
        if (existing is { Kind: not "external" })
            return MarketplaceProblems.Of("proxied-service", "Proxied service",
                $"'{slug}' is your proxied service; an import may only replace an imported one. Import under another slug.", StatusCodes.Status409Conflict);

        var now = services.Time.GetUtcNow();
        var listing = existing ?? new ServiceListing { Id = slug, OperatorId = operatorId, CreatedAt = now };
        var notes = ImportedListing.Apply(listing, result.Listing, settings.LedgerToken);
        listing.ProviderId = provider!.Id;
        listing.Status = "active";
        listing.OpenApiUrl = url?.AbsoluteUri;
        listing.Revision++;
        listing.UpdatedAt = now;
        if (existing is null)
            services.Session.Insert(listing);
        else
            services.Session.Update(listing);
        try
        {
            await services.Session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException)
        {
            return MarketplaceProblems.Of("write-conflict", "Changed by someone else",
                $"'{slug}' was written by another request at the same moment; import again.", StatusCodes.Status409Conflict);
        }

        http.Response.Headers.ETag = CatalogApi.ETag(listing);
        var answer = Answer(ServiceView.Of(listing, provider, owner: true, null, null), [.. result.Warnings, .. notes], services.Json.Value);
        return existing is null ? TypedResults.Created($"/v1/marketplace/services/{slug}", answer) : TypedResults.Ok(answer);
    }

    // The service as GET /v1/marketplace/services/{slug} shows it, plus what the operator should fix or know.
    private static JsonObject Answer(ServiceView view, IReadOnlyList<DiscoveryIssue> warnings, JsonOptions json)
    {
        var answer = JsonSerializer.SerializeToNode(view, json.SerializerOptions)!.AsObject();
        answer["warnings"] = JsonSerializer.SerializeToNode(warnings, json.SerializerOptions);
        return answer;
    }
}
