using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>
/// The provider id of the options. It reads them on use, not on construction: the options' validator asks which source
/// is registered, and resolving the options there would be a cycle.
/// </summary>
internal sealed class ConfiguredProviderId(IServiceProvider services) : IMarketplaceProviderIdSource
{
    public Guid? ProviderId =>
        services.GetRequiredService<IOptionsMonitor<MarketplaceCallOptions>>().CurrentValue.ProviderId is var id && id != Guid.Empty ? id : null;
}
