using IndieGent.Payments.Protocol.Mpp;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// Takes verified proofs to the chain, each at most once. A proof is claimed in the replay store only after the
/// chain's checks pass, so a proof that does not pay claims nothing, and the claim is given back when nothing
/// was sent. A transaction not confirmed when the request stops waiting is parked with the claim: the same
/// proof presented again resumes the wait for it (answered 503 with <c>Retry-After</c> meanwhile), and is never
/// sent twice. At most <see cref="PaymentServerOptions.MaxConcurrentSettlements"/> run at once on this instance,
/// one per payer (see <see cref="SettlementSlots"/>); beyond them the answer is a 503 with <c>Retry-After</c>.
/// </summary>
internal sealed partial class Settlements(ChainSettler settler, IPaymentReplayStore replays, PaymentServerOptions options, ILogger logger)
{
    private readonly SettlementSlots _slots = new(options.MaxConcurrentSettlements);

    /// <summary>A chain that could not be reached before anything was sent.</summary>
    public static Verdict ChainUnavailable { get; } = Verdict.Retry(SettlementProblemTypes.Unavailable, "Settlement unavailable",
        "The chain could not be reached; nothing was settled. Send the same credential again.");

    /// <summary>Settles the proof, or says why not.</summary>
    /// <param name="proof">The verified proof.</param>
    /// <param name="cancellationToken">The request's: it stops the wait for a turn and the checks, never a claimed settlement.</param>
    /// <returns>The verdict.</returns>
    public async Task<Verdict> SettleAsync(PendingSettlement proof, CancellationToken cancellationToken)
    {
        using var slot = await _slots.TryEnterAsync(proof.Payer, cancellationToken).ConfigureAwait(false);
        if (slot is null)
            return Verdict.Retry(SettlementProblemTypes.Unavailable, "Settlements busy",
                "The server is settling as many payments as it takes at once; nothing was settled. Send the same credential again.");
        if (await replays.TryResumeAsync(proof.Key, cancellationToken).ConfigureAwait(false) is { } sent)
            return await ConfirmAsync(proof, sent).ConfigureAwait(false);
        if (await proof.CheckAsync(cancellationToken).ConfigureAwait(false) is { } refused)
            return NotAccepted(proof.Key, refused);
        if (!await replays.TryClaimAsync(proof.Key, cancellationToken).ConfigureAwait(false))
            return AlreadyUsed(proof.Key);
        return await SubmitAsync(proof).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims a proof whose amount is known only after the endpoint ran (x402 <c>upto</c>): the chain's checks, then the claim,
    /// so a replay is refused before the endpoint runs. Then <see cref="SettleClaimedAsync"/> or <see cref="ReleaseAsync"/>.
    /// </summary>
    /// <returns>A refusal, or <see langword="null"/> when claimed.</returns>
    public async Task<Verdict?> ClaimAsync(PendingSettlement proof, CancellationToken cancellationToken)
    {
        if (await proof.CheckAsync(cancellationToken).ConfigureAwait(false) is { } refused)
            return NotAccepted(proof.Key, refused);
        return await replays.TryClaimAsync(proof.Key, cancellationToken).ConfigureAwait(false) ? null : AlreadyUsed(proof.Key);
    }

    /// <summary>Settles a claimed proof (its submission now knows the amount).</summary>
    public async Task<Verdict> SettleClaimedAsync(PendingSettlement proof, CancellationToken cancellationToken)
    {
        // The claim is held: a client gone away must not leave it behind.
        using var slot = await _slots.TryEnterAsync(proof.Payer, CancellationToken.None).ConfigureAwait(false);
        if (slot is null)
        {
            await replays.ReleaseAsync(proof.Key, CancellationToken.None).ConfigureAwait(false);
            return Verdict.Retry(SettlementProblemTypes.Unavailable, "Settlements busy",
                "The server is settling as many payments as it takes at once; nothing was settled. Send the same credential again.");
        }

        return await SubmitAsync(proof).ConfigureAwait(false);
    }

    /// <summary>Gives a claim back: nothing was sent (the endpoint failed, or charged nothing).</summary>
    public Task ReleaseAsync(string key) => replays.ReleaseAsync(key, CancellationToken.None);

    /// <summary>A claimed proof's transaction that was parked (sent, not confirmed in time): its confirmation now, or null when none is parked.</summary>
    public async Task<Verdict?> TryResumeAsync(PendingSettlement proof, CancellationToken cancellationToken) =>
        await replays.TryResumeAsync(proof.Key, cancellationToken).ConfigureAwait(false) is { } sent
            ? await ConfirmAsync(proof, sent).ConfigureAwait(false)
            : null;

    private Verdict AlreadyUsed(string key)
    {
        LogReplay(key);
        return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment already used",
            "This payment proof was already presented; each proof pays for one request.");
    }

    // From the claim on, the settlement outlives an aborted request: it is recorded either way.
    private async Task<Verdict> SubmitAsync(PendingSettlement proof)
    {
        Submission submission;
        try
        {
            submission = await proof.SubmitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (ChainSettler.IsUnreachable(e))
        {
            LogChainUnavailable(e, proof.Key);
            await replays.ReleaseAsync(proof.Key, CancellationToken.None).ConfigureAwait(false);
            return ChainUnavailable;
        }

        if (submission.Failure is { } failure)
        {
            await replays.ReleaseAsync(proof.Key, CancellationToken.None).ConfigureAwait(false);
            return NotAccepted(proof.Key, failure);
        }

        return await ConfirmAsync(proof, submission.TransactionHash!).ConfigureAwait(false);
    }

    // The transfer is the chain's from here: the claim is never given back.
    private async Task<Verdict> ConfirmAsync(PendingSettlement proof, string hash)
    {
        Confirmation confirmation;
        try
        {
            confirmation = await settler.ConfirmAsync(hash, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (ChainSettler.IsUnreachable(e))
        {
            LogChainUnavailable(e, proof.Key);
            confirmation = Confirmation.Pending;
        }

        switch (confirmation)
        {
            case Confirmation.Confirmed:
                await replays.CompleteAsync(proof.Key, hash, CancellationToken.None).ConfigureAwait(false);
                LogSettled(proof.Protocol, hash);
                return Verdict.Pass(new PaidRequest(proof.Protocol, hash, proof.ChallengeId, proof.Payer.ToChecksumHex()));
            case Confirmation.Failed:
                return NotAccepted(proof.Key, $"The transaction {hash} failed on chain.");
            default:
                await replays.ParkAsync(proof.Key, hash, CancellationToken.None).ConfigureAwait(false);
                LogParked(proof.Key, hash);
                return Verdict.Retry(SettlementProblemTypes.Pending, "Payment not confirmed yet",
                    $"The transaction {hash} was sent but is not confirmed yet. Send the same credential again to be answered once it is; do not pay again.");
        }
    }

    private Verdict NotAccepted(string key, string why)
    {
        LogRefused(key, why);
        return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment not accepted", why);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settled a {Protocol} payment in transaction {TransactionHash}")]
    private partial void LogSettled(string protocol, string transactionHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a replayed payment proof {Key}")]
    private partial void LogReplay(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment proof {Key} not settled: {Reason}")]
    private partial void LogRefused(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment proof {Key} parked: its transaction {TransactionHash} is not confirmed yet")]
    private partial void LogParked(string key, string transactionHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chain was unreachable while settling {Key}")]
    private partial void LogChainUnavailable(Exception exception, string key);
}
