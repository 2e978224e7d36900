namespace IndieGent.Payments.AspNetCore;

/// <summary>What the checks of a proof found before it is claimed: the accounts it pays from, or why it does not pay.</summary>
/// <param name="Payers">Every account the payment comes from, the payer (the signer or sender) first; empty when refused.</param>
/// <param name="Failure">Why the proof does not pay, when it does not.</param>
internal sealed record ProofCheck(IReadOnlyList<IndieGent.Chain.EvmAddress> Payers, string? Failure)
{
    /// <summary>The signer or sender.</summary>
    public IndieGent.Chain.EvmAddress Payer => Payers[0];

    public static ProofCheck Pays(params IReadOnlyList<IndieGent.Chain.EvmAddress> payers) => new(payers, null);

    public static ProofCheck Refused(string why) => new([], why);
}
