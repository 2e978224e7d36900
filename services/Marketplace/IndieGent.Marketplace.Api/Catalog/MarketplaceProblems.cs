namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>The Marketplace's RFC 9457 problems; the <c>type</c> URIs are stable identifiers clients switch on.</summary>
internal static class MarketplaceProblems
{
    public static IResult Of(string type, string title, string detail, int status) => ServiceHostExtensions.Problem(type, title, detail, status);

    public static IResult ServiceNotFound(string slug) =>
        Of("service-not-found", "Service not found", $"The marketplace lists no service '{slug}'.", StatusCodes.Status404NotFound);

    public static IResult ProviderNotFound(Guid id) =>
        Of("provider-not-found", "Provider not found", $"No provider {id} belongs to this operator.", StatusCodes.Status404NotFound);

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.", title: "Invalid request",
            type: ServiceHostExtensions.ProblemTypeBase + "validation-failed");
}

/// <summary>Collects a request's mistakes by field.</summary>
internal sealed class Errors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool Any => _byField.Count > 0;

    public Errors Check(string field, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            if (!_byField.TryGetValue(field, out var list))
                _byField[field] = list = [];
            list.Add(problem);
        }

        return this;
    }

    public IDictionary<string, string[]> ToDictionary() => _byField.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}
