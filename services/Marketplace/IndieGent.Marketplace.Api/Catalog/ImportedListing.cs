using IndieGent.Marketplace.Catalog;
using IndieGent.Marketplace.Discovery;
using Discovered = IndieGent.Marketplace.Discovery.ServiceListing;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>
/// What the catalog keeps of a discovery document: an external <see cref="ServiceListing"/> and the
/// notes the operator should see about what did not fit (a long title or description, many
/// operations, no comparable price). Pure.
/// </summary>
public static class ImportedListing
{
    public const int MaxOperations = 200;
    public const int MaxName = 100;
    public const int MaxDescription = 2000;
    public const string OtherCategory = "other";

    /// <summary>Writes the listing's catalog fields from the document; returns the notes.</summary>
    public static IReadOnlyList<DiscoveryIssue> Apply(ServiceListing target, Discovered source, string? ledgerToken)
    {
        var notes = new List<DiscoveryIssue>();
        target.Kind = "external";
        target.Name = Shorten(source.Title, MaxName, "/info/title", notes);
        target.Description = Shorten(source.Description ?? "", MaxDescription, "/info/description", notes);
        target.Categories = source.ServiceInfo.Categories.Count > 0 ? source.ServiceInfo.Categories : [OtherCategory];
        // A category the search filters on follows the catalog's rule; the others stay as the document's slugs.
        target.Category = source.ServiceInfo.Categories.FirstOrDefault(c => !ServiceRules.Category(c).Any()) ?? OtherCategory;
        var docs = source.ServiceInfo.Docs;
        target.Docs = [.. new[] { docs.ApiReference, docs.Homepage, docs.Llms }.OfType<Uri>().Select(u => u.AbsoluteUri)];
        target.BaseUrl = source.BaseUrl.AbsoluteUri.TrimEnd('/');

        var operations = source.Operations;
        if (operations.Count > MaxOperations)
        {
            notes.Add(new("/paths", $"The document has {operations.Count} operations; the catalog lists {MaxOperations}, the paid ones first."));
            operations = [.. operations.OrderBy(o => !o.IsPaid).Take(MaxOperations)];
        }

        target.Operations = [.. operations.Select(o => new ExternalOperation(o.Method, o.Path, o.OperationId, o.Summary,
            [.. o.Offers.Select(f => new ExternalOffer(f.Amount, f.Currency, f.Method, f.Intent, f.Description))]))];
        var (price, currency, note) = PriceOf(source.PaidOperations.SelectMany(o => o.Offers), ledgerToken);
        if (note is not null)
            notes.Add(new("/paths", note));
        target.Price = target.MinPrice = price;
        target.Currency = currency;
        target.Routes = [];
        target.UpstreamAuth = UpstreamAuth.None;
        target.Failure = FailurePolicy.Default;
        return notes;
    }

    /// <summary>
    /// The price the catalog shows and filters on (<c>maxPrice</c>): the lowest fixed <c>charge</c>
    /// amount in the ledger's token, so an external service compares with the proxied ones ("USDC").
    /// Without such an offer, the lowest fixed amount of any intent and currency, in that offer's
    /// currency as written — shown, but not comparable. Without any fixed amount (every offer priced
    /// per request), 0: the 402 says what a call costs. Amounts beyond a 64-bit integer are ignored.
    /// </summary>
    public static (long Price, string Currency, string? Note) PriceOf(IEnumerable<DiscoveredOffer> offers, string? ledgerToken)
    {
        var priced = offers.Where(o => o.AmountValue is { } a && a <= long.MaxValue).ToList();
        var comparable = priced
            .Where(o => o.Intent == DiscoveredOffer.ChargeIntent && ledgerToken is not null && string.Equals(o.Currency, ledgerToken, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (comparable.Count > 0)
            return ((long)comparable.Min(o => o.AmountValue!.Value), "USDC", null);
        if (priced.MinBy(o => o.AmountValue!.Value) is { } lowest)
            return ((long)lowest.AmountValue!.Value, lowest.Currency ?? "",
                "No fixed per-request price is in the platform's USDC: the listed price is the lowest amount in another currency or intent, which price filters cannot compare.");
        return (0, "USDC", "No operation has a fixed price (every offer is priced per request): the service is listed at 0; its 402 says what a call costs.");
    }

    private static string Shorten(string text, int max, string pointer, List<DiscoveryIssue> notes)
    {
        text = text.Trim();
        if (text.Length <= max)
            return text;
        notes.Add(new(pointer, $"Shortened to {max} characters for the catalog."));
        return text[..(max - 1)].TrimEnd() + "…";
    }
}
