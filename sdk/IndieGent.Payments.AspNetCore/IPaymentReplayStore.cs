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

    /// <summary>
    /// Starts a request carrying the x402 payment id <paramref name="id"/> for a payment whose fingerprint (payload, method
    /// and route) is <paramref name="fingerprint"/>: atomically, only one request of an id is in progress at a time. A request
    /// in progress for longer than <paramref name="lease"/> (its instance died) is taken over.
    /// </summary>
    /// <param name="id">The payment id.</param>
    /// <param name="fingerprint">What the id was first used for.</param>
    /// <param name="lease">How long a request in progress holds the id.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Whether to go on, and the remembered answer when there is one.</returns>
    Task<IdentifiedPayment> BeginIdentifiedAsync(string id, string fingerprint, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Remembers the answer to the paid request of <paramref name="id"/>.</summary>
    /// <param name="id">The payment id begun.</param>
    /// <param name="answer">The answer.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task CompleteIdentifiedAsync(string id, RememberedAnswer answer, CancellationToken cancellationToken);

    /// <summary>Frees an id whose request paid nothing (refused, or nothing was settled): the same payment may be sent again.</summary>
    /// <param name="id">The payment id begun.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task AbandonIdentifiedAsync(string id, CancellationToken cancellationToken);

    /// <summary>Forgets answers remembered before <paramref name="before"/>.</summary>
    /// <param name="before">The oldest answer kept.</param>
    /// <param name="cancellationToken">Cancels the clean-up.</param>
    /// <returns>A task.</returns>
    Task ForgetIdentifiedAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>Where a request carrying an x402 payment id stands.</summary>
public enum IdentifiedPaymentState
{
    /// <summary>The id is new (or its earlier request paid nothing): this request goes on, and only it.</summary>
    New,

    /// <summary>Another request with the id and the same payment is being answered.</summary>
    InProgress,

    /// <summary>The id was used for another payment (another payload, method or route).</summary>
    Conflict,

    /// <summary>The id's payment was settled and answered: <see cref="IdentifiedPayment.Answer"/> is that answer.</summary>
    Answered,
}

/// <summary>Where a request carrying an x402 payment id stands, with the remembered answer when it was answered.</summary>
/// <param name="State">Where it stands.</param>
/// <param name="Answer">The first answer, for <see cref="IdentifiedPaymentState.Answered"/>.</param>
public sealed record IdentifiedPayment(IdentifiedPaymentState State, RememberedAnswer? Answer = null);

/// <summary>
/// The answer to a paid request, remembered for its payment id: its status, content type and body (no body when it was
/// larger than the server keeps: a resend then runs the endpoint again, paid by the same transaction), and the settlement.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The content type, if any.</param>
/// <param name="Body">The body, or <see langword="null"/> when it was not kept.</param>
/// <param name="Protocol">How it was paid (see <see cref="PaidRequest.Protocol"/>).</param>
/// <param name="TransactionHash">The settling transaction.</param>
/// <param name="Payer">The payer.</param>
public sealed record RememberedAnswer(int Status, string? ContentType, byte[]? Body, string Protocol, string TransactionHash, string? Payer);
