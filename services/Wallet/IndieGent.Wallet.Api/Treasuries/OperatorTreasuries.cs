using IndieGent.Contracts.Treasuries;
using IndieGent.Messaging;
using IndieGent.Wallet.Api.Custody;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Treasuries;
using Marten;
using MassTransit;

namespace IndieGent.Wallet.Api.Treasuries;

/// <summary>
/// Operators' treasuries: created with the operator (in its commit), or on first use for an operator
/// that predates treasuries. The key is generated and sealed here like an agent's; the treasury is
/// announced (<see cref="TreasuryCreated"/>) through the outbox in the commit that creates it.
/// </summary>
public sealed partial class OperatorTreasuries(
    IDocumentSession session, MasterKeyRing keys, IPublishEndpoint publish, TimeProvider time, ILogger<OperatorTreasuries> logger)
{
    /// <summary>Adds the operator's treasury, its envelope and its announcement to the session; the caller commits.</summary>
    public async Task<Treasury> AddAsync(Guid operatorId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = TreasuryIds.Of(operatorId);
        var (address, envelope) = CustodialKeys.Generate(keys, id, now);
        var treasury = new Treasury(id, operatorId, address.ToChecksumHex(), now);
        session.Insert(treasury);
        session.Insert(envelope);
        await publish.Publish(new TreasuryCreated(id, operatorId, treasury.Address, now), ct);
        return treasury;
    }

    /// <summary>
    /// The operator's treasury, created now when it has none yet. Two first uses at once insert under
    /// the one id: one commit wins, the other reads the winner's (its own key and message are dropped with its commit).
    /// </summary>
    public async Task<Treasury> GetOrCreateAsync(Guid operatorId, CancellationToken ct)
    {
        if (await session.LoadAsync<Treasury>(TreasuryIds.Of(operatorId), ct) is { } known)
            return known;
        var treasury = await AddAsync(operatorId, ct);
        try
        {
            await session.SaveChangesAsync(ct);
            LogCreated(operatorId, treasury.Address);
            return treasury;
        }
        catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
        {
            await using var query = session.DocumentStore.QuerySession();
            return await query.LoadAsync<Treasury>(treasury.Id, ct)
                ?? throw new InvalidOperationException("The treasury was created concurrently, yet cannot be read.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the treasury of operator {OperatorId}: {Address}")]
    public partial void LogCreated(Guid operatorId, string address);
}
