namespace IndieGent.Wallet.Signing;

/// <summary>
/// Either a signature (0x + 130 hex digits, r ‖ s ‖ v), the <c>validBefore</c> it was made for and
/// the wallet that made it, or a refusal with a human reason.
/// </summary>
public sealed record SigningOutcome(string? Signature, SigningRefusal? Refusal, string? Detail, long? ValidBefore = null, string? From = null)
{
    public bool Signed => Signature is not null;

    public static SigningOutcome Success(string signature, long validBefore, string from) => new(signature, null, null, validBefore, from);

    public static SigningOutcome Refused(SigningRefusal refusal, string detail) => new(null, refusal, detail);
}
