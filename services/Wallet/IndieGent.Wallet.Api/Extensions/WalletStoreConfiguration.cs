using IndieGent.Wallet.Agents;
using IndieGent.Wallet.ApiKeys;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Operators;
using IndieGent.Wallet.Policies;
using IndieGent.Wallet.Relaying;
using IndieGent.Wallet.Signing;
using IndieGent.Wallet.Treasuries;
using Marten;

namespace IndieGent.Wallet.Api.Extensions;

/// <summary>The Wallet's Marten documents (schema <c>wallet</c>), shared by the service and its tests.</summary>
public static class WalletStoreConfiguration
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<Operator>();
        // By address too: a transfer's destination is looked up among the operator's agents.
        options.Schema.For<Agent>().Index(a => a.OperatorId).Index(a => a.WalletAddress);
        options.Schema.For<Treasury>();
        options.Schema.For<ApiKey>().Index(k => k.OperatorId);
        options.Schema.For<AgentKeyEnvelope>();
        // Concurrent writers (two PUTs) must not silently overwrite each other.
        options.Schema.For<AgentPolicy>().UseOptimisticConcurrency(true);
        options.Schema.For<SigningClaim>();
        options.Schema.For<IssuedSignature>();
        options.Schema.For<IssuedPermit2>();
        options.Schema.For<IssuedPermit2Allowance>();
        // The nonce sequence is what concurrent payments of one agent race for; a transaction's
        // versions must not overwrite each other.
        options.Schema.For<AgentNonce>().UseOptimisticConcurrency(true);
        options.Schema.For<IssuedTransaction>().UseOptimisticConcurrency(true);
        // The relayer: one platform wallet per role; a relay's versions must not overwrite each
        // other, and a nonce claim is only ever inserted.
        options.Schema.For<PlatformWallet>();
        options.Schema.For<IssuedRelay>().UseOptimisticConcurrency(true);
        options.Schema.For<RelayerNonceClaim>();
    }
}
