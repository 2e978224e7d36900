using System.Collections.Concurrent;
using IndieGent.Messaging;
using IndieGent.Wallet.Custody;
using Marten;

namespace IndieGent.Wallet.Api.Custody;

/// <summary>
/// The platform's own custodial wallets, keys generated and kept like an agent's (sealed under the
/// master key ring, re-wrapped with them): the relayer, which pays gas for relayed EIP-3009 transfers
/// and signs nothing else (see <see cref="Relaying.RelaySigner"/>), and the marketplace settlement
/// wallet, which agents' marketplace spend is swept into and providers are paid out of (only for
/// the Ledger's <c>sweep</c>/<c>payout</c> tickets).
/// </summary>
/// <remarks>
/// Each is created once, at start-up or on first use, whichever comes first. Replicas racing to
/// create one insert the wallet and its envelope under the same fixed id in one commit: one commit
/// wins, the others fail to insert and read the winner's, so there is only ever one key per role.
/// </remarks>
public sealed partial class PlatformWallets(IDocumentStore store, MasterKeyRing keys, TimeProvider time, ILogger<PlatformWallets> logger)
{
    private readonly ConcurrentDictionary<Guid, PlatformWallet> _known = new();

    /// <summary>The relayer, created if it does not exist yet.</summary>
    public Task<PlatformWallet> RelayerAsync(CancellationToken ct) => GetAsync(PlatformWallet.RelayerId, PlatformWallet.Relayer, ct);

    /// <summary>The marketplace settlement wallet, created if it does not exist yet.</summary>
    public Task<PlatformWallet> MarketplaceSettlementAsync(CancellationToken ct) =>
        GetAsync(PlatformWallet.MarketplaceSettlementId, PlatformWallet.MarketplaceSettlement, ct);

    private async Task<PlatformWallet> GetAsync(Guid id, string role, CancellationToken ct)
    {
        if (_known.TryGetValue(id, out var known))
            return known;

        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<PlatformWallet>(id, ct) is { } stored)
                return _known[id] = stored;
        }

        var now = time.GetUtcNow();
        var (address, envelope) = CustodialKeys.Generate(keys, id, now);
        var wallet = new PlatformWallet(id, role, address.ToChecksumHex(), now);
        await using (var session = store.LightweightSession())
        {
            session.Insert(wallet);
            session.Insert(envelope);
            try
            {
                await session.SaveChangesAsync(ct);
                LogCreated(role, wallet.Address, envelope.MasterKeyId);
                return _known[id] = wallet;
            }
            catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
            {
                // Another replica created it at the same moment: its key is the one.
            }
        }

        await using var again = store.QuerySession();
        return _known[id] = await again.LoadAsync<PlatformWallet>(id, ct)
            ?? throw new InvalidOperationException($"The platform's {role} wallet was created by another replica, yet cannot be read.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the platform's {Role} wallet {Address} (master key {MasterKeyId})")]
    private partial void LogCreated(string role, string address, string masterKeyId);
}
