namespace IndieGent.Wallet.ApiKeys;

/// <summary>A new key: the document to store and the plaintext, which is shown to the caller once and then forgotten.</summary>
public sealed record IssuedApiKey(ApiKey Stored, string Plaintext)
{
    // Records print every property; the plaintext must not reach a log through ToString.
    public override string ToString() => $"IssuedApiKey {{ KeyId = {Stored.Id}, Role = {Stored.Role} }}";
}
