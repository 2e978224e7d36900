using IndieGent.Chain;
using IndieGent.Contracts.Agents;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.ApiKeys;
using IndieGent.Wallet.Custody;
using Marten;
using MassTransit;

namespace IndieGent.Wallet.Api.Custody;

/// <summary>Creates agents with their custodial keys, and moves key envelopes to the active master key.</summary>
public sealed class AgentWallets(
    IDocumentSession session, MasterKeyRing keys, IPublishEndpoint publish, TimeProvider time, ILogger<AgentWallets> logger)
{
    /// <summary>A new agent, its wallet (key generated here and stored only encrypted) and its first agent key.</summary>
    public async Task<(Agent Agent, IssuedApiKey Key)> CreateAsync(Guid operatorId, string name, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var agentId = Guid.CreateVersion7(now);
        var (address, envelope) = GenerateWallet(agentId, now);

        var agent = new Agent(agentId, operatorId, name, address.ToChecksumHex(), Disabled: false, now);
        var key = ApiKeyFormat.Issue(ApiKeyRole.Agent, operatorId, agentId, now);
        session.Insert(agent);
        session.Insert(envelope);
        session.Insert(key.Stored);
        // Through the outbox: the event commits with the agent, or neither does.
        await publish.Publish(new AgentCreated(agentId, operatorId, name, agent.WalletAddress, now), ct);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Created agent {AgentId} of operator {OperatorId} with wallet {WalletAddress} (master key {MasterKeyId})",
            agentId, operatorId, agent.WalletAddress, envelope.MasterKeyId);
        return (agent, key);
    }

    /// <summary>Re-wraps every envelope not under the active master key; returns how many moved.</summary>
    public async Task<int> RewrapAllAsync(CancellationToken ct)
    {
        var stale = await session.Query<AgentKeyEnvelope>().Where(e => e.MasterKeyId != keys.ActiveKeyId).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var envelope in stale)
            session.Store(keys.Rewrap(envelope, now));
        await session.SaveChangesAsync(ct);
        if (stale.Count > 0)
            logger.LogInformation("Re-wrapped {Count} agent key envelopes under master key {MasterKeyId}", stale.Count, keys.ActiveKeyId);
        return stale.Count;
    }

    private (EvmAddress Address, AgentKeyEnvelope Envelope) GenerateWallet(Guid agentId, DateTimeOffset now) =>
        CustodialKeys.Generate(keys, agentId, now);
}
