using System.Collections.Concurrent;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// The replay store of a single instance: process memory, lost on restart, when the chain itself still refuses
/// reused authorizations and transactions. Not durable: not for <c>hash</c> credentials or the older dialect.
/// </summary>
public sealed class InMemoryPaymentReplayStore : IPaymentReplayStore
{
    private static readonly Claim Claimed = new(null, Parked: false);

    private readonly ConcurrentDictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool IsDurable => false;

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_claims.TryAdd(key, Claimed));

    /// <inheritdoc />
    public Task<string?> TryResumeAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_claims.TryGetValue(key, out var claim) && claim.Parked && _claims.TryUpdate(key, claim with { Parked = false }, claim)
            ? claim.Reference
            : null);

    /// <inheritdoc />
    public Task ParkAsync(string key, string transactionHash, CancellationToken cancellationToken)
    {
        _claims[key] = new Claim(transactionHash, Parked: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CompleteAsync(string key, string reference, CancellationToken cancellationToken)
    {
        _claims[key] = new Claim(reference, Parked: false);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _claims.TryRemove(KeyValuePair.Create(key, Claimed));
        return Task.CompletedTask;
    }

    private sealed record Claim(string? Reference, bool Parked);
}
