using Marten;

namespace IndieGent.Settlement.Api.Deposits;

/// <summary>Settlement's Marten configuration, shared by the service and its tests.</summary>
public static class SettlementStoreConfiguration
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<ScanCursor>().UseOptimisticConcurrency(true);
        options.Schema.For<Deposit>().Index(d => d.AgentId);
        options.RegisterDocumentType<WatchedAddress>();
        options.Schema.For<Payments.AuthorizationWatch>().Index(w => w.Nonce).Index(w => w.State).Index(w => w.ValidBefore);
    }
}
