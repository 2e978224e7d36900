using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Marketplace.Settlement;
using IndieGent.Ledger.Providers;
using JasperFx.Events.Projections;
using Marten;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>The Ledger's Marten configuration, shared by the service and its tests.</summary>
public static class LedgerStoreConfiguration
{
    public static void Configure(StoreOptions options)
    {
        options.Events.StreamIdentity = JasperFx.Events.StreamIdentity.AsGuid;
        options.Schema.For<AgentAccount>().Identity(a => a.AgentId);
        options.Projections.Add(new AgentAccountProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PaymentRecordProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<PaymentRecord>().Index(p => p.AgentId);
        options.Schema.For<ProviderAccount>().Identity(a => a.Id);
        options.Projections.Add(new ProviderAccountProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<SettlementWallet>();
    }
}
