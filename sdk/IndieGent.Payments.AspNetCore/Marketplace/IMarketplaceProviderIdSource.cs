namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>
/// Where the verifier learns which provider this server is. The default reads <see cref="MarketplaceCallOptions.ProviderId"/>;
/// a provider that registers itself with the marketplace at start-up registers its own source (before or after
/// <see cref="MarketplaceCallExtensions.AddMarketplaceCalls(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{MarketplaceCallOptions})"/>),
/// which answers <see langword="null"/> until the id is known.
/// </summary>
public interface IMarketplaceProviderIdSource
{
    /// <summary>The provider's id, or <see langword="null"/> while it is not known yet (calls are then answered 503).</summary>
    Guid? ProviderId { get; }
}
