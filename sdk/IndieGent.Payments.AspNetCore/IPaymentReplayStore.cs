namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// Remembers every proof the server accepted, so each settles at most once: a claim is atomic, and only the
/// first of any number of concurrent claims of one key wins. A claim ends settled (<see cref="CompleteAsync"/>),
/// given back when nothing was sent (<see cref="ReleaseAsync"/>), or parked with its transaction when the
/// request stopped waiting for it (<see cref="ParkAsync"/>), for the next presentation of the proof to resume.
/// </summary>
public interface IPaymentReplayStore
{
    /// <summary>
    /// Whether claims outlive the process. Proofs the chain itself refuses a second time (an authorization's
    /// nonce, a transaction's) need no more; a <c>hash</c> proof is single-use only by this store, so the
    /// server refuses to start with <c>hash</c> credentials (or the older dialect) on a store that is not.
    /// </summary>
    bool IsDurable { get; }

    /// <summary>Claims <paramref name="key"/> for a settlement about to start.</summary>
    /// <param name="key">The proof's identity (signer and nonce, or transaction hash).</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns><see langword="true"/> for the first claim ever; <see langword="false"/> when the proof was used.</returns>
    Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Takes over a parked claim: its transaction was sent, and nobody waits for it any more.</summary>
    /// <param name="key">The proof's identity.</param>
    /// <param name="cancellationToken">Cancels the take-over.</param>
    /// <returns>The parked transaction's hash, or <see langword="null"/> when the key is not parked.</returns>
    Task<string?> TryResumeAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Parks a claim whose transaction was sent but not confirmed when its request stopped waiting: the next
    /// presentation of the same proof waits for that transaction rather than sending another.
    /// </summary>
    /// <param name="key">The claimed key.</param>
    /// <param name="transactionHash">The transaction sent.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task ParkAsync(string key, string transactionHash, CancellationToken cancellationToken);

    /// <summary>Records the settlement of a claimed key.</summary>
    /// <param name="key">The claimed key.</param>
    /// <param name="reference">The settling transaction.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task CompleteAsync(string key, string reference, CancellationToken cancellationToken);

    /// <summary>Gives a claim back when nothing was sent (the chain refused it first, or could not be reached); a parked claim stays.</summary>
    /// <param name="key">The claimed key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}
