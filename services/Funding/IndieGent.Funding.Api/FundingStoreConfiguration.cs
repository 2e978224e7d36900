using IndieGent.Funding.Api.Deposits;
using IndieGent.Funding.Api.Onramp;
using IndieGent.Funding.Api.Wallets;
using Marten;

namespace IndieGent.Funding.Api;

/// <summary>Funding's Marten configuration.</summary>
public static class FundingStoreConfiguration
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<FundedWallet>();
        options.Schema.For<DepositRecord>().Index(d => d.AgentId).Index(d => d.TxHash);
        // Webhooks, polls and credits all move orders and links: none may undo another.
        options.Schema.For<OnrampOrder>().UseOptimisticConcurrency(true).Index(o => o.AgentId).Index(o => o.Status)
            .UniqueIndex(o => o.PartnerUserRef);
        options.Schema.For<TransactionLink>().UseOptimisticConcurrency(true);
        options.Schema.For<OnrampReportReceipt>();
    }
}
