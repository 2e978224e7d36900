namespace IndieGent.Samples.Providers.Registration;

/// <summary>
/// Section <c>Providers</c>: how the app registers itself with the IndieGent platform. Without <see cref="Gateway"/> it
/// registers nothing and takes its provider id and the platform's keys from <c>MarketplaceCalls</c> instead.
/// </summary>
public sealed class ProvidersOptions
{
    public const string Section = "Providers";

    /// <summary>The platform's public Gateway (under the AppHost: <c>services:gateway:http:0</c>).</summary>
    public Uri? Gateway { get; set; }

    /// <summary>An admin API key, to create this provider's own operator (<c>POST /v1/operators</c>). Or <see cref="OperatorApiKey"/>.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>The key of the operator the provider and its services belong to; used instead of <see cref="AdminApiKey"/>.</summary>
    public string? OperatorApiKey { get; set; }

    /// <summary>This app's base URL as the platform reaches it; the services' base URLs are under it.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Where the provider's earnings are paid: a 0x-prefixed 20-byte address.</summary>
    public string? PayoutAddress { get; set; }

    /// <summary>The provider's name in the marketplace.</summary>
    public string Name { get; set; } = "IndieGent Demo Services";

    /// <summary>The name of the operator created with <see cref="AdminApiKey"/>.</summary>
    public string OperatorName { get; set; } = "IndieGent Demo Services";
}
