using IndieGent.Marketplace.Api.Catalog;
using Marten;

namespace IndieGent.Marketplace.Api;

/// <summary>The Marketplace's Marten configuration.</summary>
public static class MarketplaceStoreConfiguration
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<ProviderRecord>().Index(p => p.OperatorId);
        // Two owners editing one listing: the second write fails instead of undoing the first.
        options.Schema.For<ServiceListing>().UseOptimisticConcurrency(true).Index(s => s.ProviderId).Index(s => s.Category).Index(s => s.MinPrice);
        options.Schema.For<CallRecord>().Index(c => c.Service).Index(c => c.OperatorId).Index(c => c.ProviderId);
        options.Schema.For<PayoutRecord>().Index(p => p.PayoutAddress);
        options.Schema.For<ServiceRating>().Index(r => r.Service);
    }
}
