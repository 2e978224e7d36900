using ChainAddress = IndieGent.Chain.EvmAddress;

namespace IndieGent.Payments.AspNetCore;

/// <summary>A proof verified as far as it can be without claiming it, on its way to the chain.</summary>
/// <param name="Protocol">How it was presented: <c>mpp</c>, <c>legacy</c>, <c>x402</c> or <c>x402v1</c>.</param>
/// <param name="ChallengeId">The MPP challenge it answers, if any.</param>
/// <param name="Key">Its identity in the replay store.</param>
/// <param name="Payer">Who pays (the signer or sender).</param>
/// <param name="CheckAsync">The chain's checks before the claim: why the proof would not pay now, or <see langword="null"/>.</param>
/// <param name="SubmitAsync">Hands the transfer to the chain, once claimed.</param>
internal sealed record PendingSettlement(
    string Protocol,
    string? ChallengeId,
    string Key,
    ChainAddress Payer,
    Func<CancellationToken, Task<string?>> CheckAsync,
    Func<CancellationToken, Task<Submission>> SubmitAsync)
{
    /// <summary>A transfer the payer sent and the server checked already: only its confirmations are left.</summary>
    public static PendingSettlement Sent(string protocol, string? challengeId, string key, ChainAddress payer, string transactionHash) =>
        new(protocol, challengeId, key, payer, _ => Task.FromResult<string?>(null), _ => Task.FromResult(Submission.Sent(transactionHash)));
}
