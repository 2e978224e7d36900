using System.Collections.Concurrent;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// The replay store of a single instance: process memory, lost on restart, when the chain itself still refuses
/// reused authorizations and transactions. Not durable: not for <c>hash</c> credentials or the older dialect.
/// </summary>
/// <param name="time">The clock of payment-id leases and retention.</param>
public sealed class InMemoryPaymentReplayStore(TimeProvider time) : IPaymentReplayStore
{
    private static readonly Claim Claimed = new(null, Parked: false);

    private readonly ConcurrentDictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Identified> _identified = new(StringComparer.Ordinal);

    /// <summary>A store on the system clock.</summary>
    public InMemoryPaymentReplayStore()
        : this(TimeProvider.System)
    {
    }

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

    /// <inheritdoc />
    public Task<IdentifiedPayment> BeginIdentifiedAsync(string id, string fingerprint, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            var begun = new Identified(fingerprint, now, null);
            if (_identified.TryAdd(id, begun))
                return Task.FromResult(new IdentifiedPayment(IdentifiedPaymentState.New));
            if (!_identified.TryGetValue(id, out var known))
                continue; // abandoned in between: try again
            if (known.Fingerprint != fingerprint)
                return Task.FromResult(new IdentifiedPayment(IdentifiedPaymentState.Conflict));
            if (known.Answer is { } answer)
                return Task.FromResult(new IdentifiedPayment(IdentifiedPaymentState.Answered, answer));
            if (now - known.StartedAt < lease)
                return Task.FromResult(new IdentifiedPayment(IdentifiedPaymentState.InProgress));
            if (_identified.TryUpdate(id, begun, known))
                return Task.FromResult(new IdentifiedPayment(IdentifiedPaymentState.New));
        }
    }

    /// <inheritdoc />
    public Task CompleteIdentifiedAsync(string id, RememberedAnswer answer, CancellationToken cancellationToken)
    {
        // Update only: an id abandoned (or forgotten) meanwhile is not brought back without its fingerprint.
        while (_identified.TryGetValue(id, out var known) && !_identified.TryUpdate(id, known with { StartedAt = time.GetUtcNow(), Answer = answer }, known))
        {
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonIdentifiedAsync(string id, CancellationToken cancellationToken)
    {
        if (_identified.TryGetValue(id, out var known) && known.Answer is null)
            _identified.TryRemove(KeyValuePair.Create(id, known));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ForgetIdentifiedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        foreach (var (id, known) in _identified)
        {
            if (known.Answer is not null && known.StartedAt < before)
                _identified.TryRemove(KeyValuePair.Create(id, known));
        }

        return Task.CompletedTask;
    }

    private sealed record Claim(string? Reference, bool Parked);

    private sealed record Identified(string Fingerprint, DateTimeOffset StartedAt, RememberedAnswer? Answer);
}
