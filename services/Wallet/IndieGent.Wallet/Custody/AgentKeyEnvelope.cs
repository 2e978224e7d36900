namespace IndieGent.Wallet.Custody;

/// <summary>
/// An agent's private key at rest (Marten document, id = agent id). Two AES-256-GCM layers:
/// <see cref="EncryptedPrivateKey"/> under a per-agent data key, and <see cref="WrappedDataKey"/>
/// under the master key <see cref="MasterKeyId"/>. Each blob is <c>nonce(12) ‖ ciphertext ‖ tag(16)</c>.
/// </summary>
public sealed record AgentKeyEnvelope(
    Guid Id, string MasterKeyId, byte[] WrappedDataKey, byte[] EncryptedPrivateKey, DateTimeOffset SealedAt)
{
    // Ciphertext is not secret, but it has no business in logs either.
    public override string ToString() => $"AgentKeyEnvelope {{ Id = {Id}, MasterKeyId = {MasterKeyId} }}";
}
