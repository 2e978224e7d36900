using IndieGent.Contracts.Payments;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// A watcher's record can lack a version that was signed and sent: the pass that replaced a stuck transaction sent the
/// replacement and then lost its commit (another writer moved the record), or its process died before committing. The
/// Wallet records every version before it answers one, so before a watcher concludes that a used nonce went to a
/// transaction that is none of ours, it asks the Wallet for the whole list and adopts what its record is missing.
/// </summary>
public sealed partial class SignedVersionRecovery(WalletSigner wallet, TimeProvider time, ILogger<SignedVersionRecovery> logger)
{
    /// <summary>
    /// Adds to <paramref name="versions"/> every version the Wallet signed for <paramref name="id"/> that it lacks, in the
    /// order the Wallet signed them. True when one was added, false when none was missing, null when the Wallet did not
    /// answer (no conclusion may be drawn this time).
    /// </summary>
    public async Task<bool?> AdoptAsync(Guid id, Guid agentId, string ticket, bool relay, List<TransferVersion> versions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(versions);
        SignedVersions? signed;
        try
        {
            signed = await wallet.VersionsAsync(new ReadSignedVersions(id, agentId, ticket), relay, ct);
        }
        catch (HttpRequestException e)
        {
            LogUnanswered(e, id);
            return null;
        }

        if (signed is null)
        {
            LogUnanswered(null, id);
            return null;
        }

        var recorded = versions.ToDictionary(v => v.Hash, StringComparer.OrdinalIgnoreCase);
        var missing = signed.Versions.Where(v => !recorded.ContainsKey(v.TxHash)).ToList();
        if (missing.Count == 0)
            return false;

        var now = time.GetUtcNow();
        var merged = signed.Versions
            .Select(v => recorded.GetValueOrDefault(v.TxHash) ??
                         new TransferVersion(v.Kind, v.TxHash.ToLowerInvariant(), v.RawTransaction, v.MaxFeePerGas, v.MaxPriorityFeePerGas, now))
            .ToList();
        // The Wallet's list holds every recorded version; kept anyway should it not (nothing recorded is ever dropped).
        merged.AddRange(versions.Where(v => signed.Versions.All(s => !string.Equals(s.TxHash, v.Hash, StringComparison.OrdinalIgnoreCase))));
        versions.Clear();
        versions.AddRange(merged);
        foreach (var version in missing)
            LogAdopted(id, version.Kind, version.TxHash);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Id}'s record lacked the {Kind} version {TxHash} the Wallet signed; it is followed from now on")]
    private partial void LogAdopted(Guid id, string kind, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Wallet did not tell what it signed for {Id}; its nonce is not judged this time")]
    private partial void LogUnanswered(Exception? e, Guid id);
}
