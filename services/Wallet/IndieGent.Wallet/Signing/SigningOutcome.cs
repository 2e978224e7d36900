namespace IndieGent.Wallet.Signing;

/// <summary>Either a signature (0x + 130 hex digits, r ‖ s ‖ v) or a refusal with a human reason.</summary>
public sealed record SigningOutcome(string? Signature, SigningRefusal? Refusal, string? Detail)
{
    public bool Signed => Signature is not null;

    public static SigningOutcome Success(string signature) => new(signature, null, null);

    public static SigningOutcome Refused(SigningRefusal refusal, string detail) => new(null, refusal, detail);
}
