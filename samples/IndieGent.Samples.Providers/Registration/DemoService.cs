namespace IndieGent.Samples.Providers.Registration;

/// <summary>A service of the catalogue.</summary>
/// <param name="Slug">Its marketplace slug.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Category">Its marketplace category.</param>
/// <param name="Description">What it does, for agents browsing the marketplace.</param>
/// <param name="PathPrefix">Where its endpoints live in this app ("" for the root).</param>
/// <param name="Price">The default price per call, USDC base units.</param>
/// <param name="Routes">Prices per route.</param>
public sealed record DemoService(string Slug, string Name, string Category, string Description, string PathPrefix, string Price,
    IReadOnlyList<DemoRoute> Routes)
{
    /// <summary>Its base URL under <paramref name="publicUrl"/>.</summary>
    public string BaseUrl(Uri publicUrl) => publicUrl.AbsoluteUri.TrimEnd('/') + PathPrefix;
}
