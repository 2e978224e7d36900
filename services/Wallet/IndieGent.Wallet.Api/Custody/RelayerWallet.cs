using IndieGent.Messaging;
using IndieGent.Wallet.Custody;
using Marten;

namespace IndieGent.Wallet.Api.Custody;

/// <summary>
/// The platform's relayer: a custodial wallet whose key the Wallet generates and keeps like an
/// agent's (sealed under the master key ring, re-wrapped with them), which pays gas for relayed
/// EIP-3009 transfers and signs nothing else (see <see cref="Relaying.RelaySigner"/>).
/// </summary>
/// <remarks>
/// Created once, at start-up or on first use, whichever comes first. Replicas racing to create it
/// insert the wallet and its envelope under the same fixed id in one commit: one commit wins, the
/// others fail to insert and read the winner's, so there is only ever one relayer key.
/// </remarks>
public sealed partial class RelayerWallet(IDocumentStore store, MasterKeyRing keys, TimeProvider time, ILogger<RelayerWallet> logger)
{
    private PlatformWallet? _wallet;

    /// <summary>The relayer, created if it does not exist yet.</summary>
    public async Task<PlatformWallet> GetAsync(CancellationToken ct)
    {
        if (_wallet is { } known)
            return known;

        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<PlatformWallet>(PlatformWallet.RelayerId, ct) is { } stored)
                return _wallet = stored;
        }

        var now = time.GetUtcNow();
        var (address, envelope) = CustodialKeys.Generate(keys, PlatformWallet.RelayerId, now);
        var wallet = new PlatformWallet(PlatformWallet.RelayerId, PlatformWallet.Relayer, address.ToChecksumHex(), now);
        await using (var session = store.LightweightSession())
        {
            session.Insert(wallet);
            session.Insert(envelope);
            try
            {
                await session.SaveChangesAsync(ct);
                LogCreated(wallet.Address, envelope.MasterKeyId);
                return _wallet = wallet;
            }
            catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
            {
                // Another replica created it at the same moment: its key is the relayer's.
            }
        }

        await using var again = store.QuerySession();
        return _wallet = await again.LoadAsync<PlatformWallet>(PlatformWallet.RelayerId, ct)
            ?? throw new InvalidOperationException("The relayer was created by another replica, yet cannot be read.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the platform relayer {Address} (master key {MasterKeyId})")]
    private partial void LogCreated(string address, string masterKeyId);
}
