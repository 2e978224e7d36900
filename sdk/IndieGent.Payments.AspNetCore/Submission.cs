namespace IndieGent.Payments.AspNetCore;

/// <summary>A transfer handed to the chain: its transaction hash, or why it was refused before it was sent.</summary>
/// <param name="TransactionHash">The transaction, when sent.</param>
/// <param name="Failure">Why it was not, when refused.</param>
internal sealed record Submission(string? TransactionHash, string? Failure)
{
    public static Submission Sent(string hash) => new(hash, null);

    public static Submission Refused(string why) => new(null, why);
}
