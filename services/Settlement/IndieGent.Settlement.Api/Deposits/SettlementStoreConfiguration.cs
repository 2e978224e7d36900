using Marten;

namespace IndieGent.Settlement.Api.Deposits;

/// <summary>Settlement's Marten configuration, shared by the service and its tests.</summary>
public static class SettlementStoreConfiguration
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<ScanCursor>().UseOptimisticConcurrency(true);
        options.Schema.For<Deposit>().Index(d => d.AgentId);
        options.Schema.For<WatchedAddress>().Index(w => w.AgentId);
        options.Schema.For<Payments.AuthorizationWatch>().Index(w => w.Nonce).Index(w => w.State).Index(w => w.ValidBefore);
        // The settle consumer and the watcher both move a transfer; neither may undo the other.
        options.Schema.For<Payments.OutgoingTransfer>().UseOptimisticConcurrency(true).Index(t => t.State);
    }
}
