namespace IndieGent.Wallet.Signing;

/// <summary>
/// Either a signature (0x + 130 hex digits, r ‖ s ‖ v) and the <c>validBefore</c> it was made for,
/// or a refusal with a human reason.
/// </summary>
public sealed record SigningOutcome(string? Signature, SigningRefusal? Refusal, string? Detail, long? ValidBefore = null)
{
    public bool Signed => Signature is not null;

    public static SigningOutcome Success(string signature, long validBefore) => new(signature, null, null, validBefore);

    public static SigningOutcome Refused(SigningRefusal refusal, string detail) => new(null, refusal, detail);
}
