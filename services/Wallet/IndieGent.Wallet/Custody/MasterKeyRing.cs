using System.Security.Cryptography;
using System.Text;
using IndieGent.Chain;

namespace IndieGent.Wallet.Custody;

/// <summary>
/// Envelope encryption of agent keys. New envelopes use the active master key; any configured key
/// opens the envelopes it sealed, so rotating means: add a key, make it active, re-wrap, and only
/// then retire the old one.
/// </summary>
/// <remarks>
/// Additional authenticated data binds each layer to its context: the data key to the agent and the
/// master key id, the private key to the agent and its address. A blob copied to another agent, or
/// an envelope whose key id was edited, fails authentication instead of decrypting to the wrong key.
/// </remarks>
public sealed class MasterKeyRing
{
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int PrivateKeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys;

    public MasterKeyRing(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (key is not { Length: KeyBytes })
                throw new ArgumentException($"Master key '{id}' must be {KeyBytes} bytes.", nameof(keys));
            _keys[id] = (byte[])key.Clone();
        }

        if (!_keys.ContainsKey(activeKeyId))
            throw new ArgumentException($"The active master key '{activeKeyId}' is not among the configured keys.", nameof(activeKeyId));
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    /// <summary>Encrypts <paramref name="privateKey"/> under a fresh data key wrapped with the active master key.</summary>
    public AgentKeyEnvelope Seal(Guid agentId, EvmAddress address, ReadOnlySpan<byte> privateKey, DateTimeOffset now)
    {
        if (privateKey.Length != PrivateKeyBytes)
            throw new ArgumentException($"A secp256k1 private key is {PrivateKeyBytes} bytes.", nameof(privateKey));

        Span<byte> dataKey = stackalloc byte[KeyBytes];
        RandomNumberGenerator.Fill(dataKey);
        try
        {
            var encryptedKey = Encrypt(dataKey, privateKey, PrivateKeyAad(agentId, address));
            var wrapped = Encrypt(_keys[ActiveKeyId], dataKey, DataKeyAad(agentId, ActiveKeyId));
            return new AgentKeyEnvelope(agentId, ActiveKeyId, wrapped, encryptedKey, now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Decrypts the private key of <paramref name="agentId"/> (whose wallet is <paramref name="address"/>)
    /// into <paramref name="privateKey"/> (32 bytes). The caller zeroes it as soon as it is used.
    /// </summary>
    /// <exception cref="KeyCustodyException">Unknown master key, or the envelope does not belong to this agent or was altered.</exception>
    public void Open(Guid agentId, EvmAddress address, AgentKeyEnvelope envelope, Span<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (privateKey.Length != PrivateKeyBytes)
            throw new ArgumentException($"The destination must be {PrivateKeyBytes} bytes.", nameof(privateKey));
        if (envelope.Id != agentId)
            throw new KeyCustodyException($"The key envelope {envelope.Id} does not belong to agent {agentId}.");

        Span<byte> dataKey = stackalloc byte[KeyBytes];
        try
        {
            UnwrapDataKey(envelope, dataKey);
            Decrypt(dataKey, envelope.EncryptedPrivateKey, PrivateKeyAad(agentId, address), privateKey, "private key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// The same envelope with its data key wrapped under the active master key (the private key
    /// ciphertext is untouched). Returns the envelope itself when it already uses the active key.
    /// </summary>
    public AgentKeyEnvelope Rewrap(AgentKeyEnvelope envelope, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.MasterKeyId == ActiveKeyId)
            return envelope;

        Span<byte> dataKey = stackalloc byte[KeyBytes];
        try
        {
            UnwrapDataKey(envelope, dataKey);
            var wrapped = Encrypt(_keys[ActiveKeyId], dataKey, DataKeyAad(envelope.Id, ActiveKeyId));
            return envelope with { MasterKeyId = ActiveKeyId, WrappedDataKey = wrapped, SealedAt = now };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private void UnwrapDataKey(AgentKeyEnvelope envelope, Span<byte> dataKey)
    {
        if (!_keys.TryGetValue(envelope.MasterKeyId, out var master))
            throw new KeyCustodyException(
                $"The key envelope of agent {envelope.Id} needs master key '{envelope.MasterKeyId}', which is not configured (Wallet:MasterKeys).");
        Decrypt(master, envelope.WrappedDataKey, DataKeyAad(envelope.Id, envelope.MasterKeyId), dataKey, "data key");
    }

    private static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, byte[] aad)
    {
        var blob = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = blob.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceBytes, plaintext.Length), blob.AsSpan(NonceBytes + plaintext.Length), aad);
        return blob;
    }

    private static void Decrypt(ReadOnlySpan<byte> key, byte[] blob, byte[] aad, Span<byte> plaintext, string what)
    {
        if (blob is null || blob.Length != NonceBytes + plaintext.Length + TagBytes)
            throw new KeyCustodyException($"The encrypted {what} has the wrong length.");
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(blob.AsSpan(0, NonceBytes), blob.AsSpan(NonceBytes, plaintext.Length),
                blob.AsSpan(NonceBytes + plaintext.Length), plaintext, aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new KeyCustodyException($"The encrypted {what} failed authentication (tampered, moved, or the wrong master key).", e);
        }
    }

    private static byte[] DataKeyAad(Guid agentId, string masterKeyId) =>
        Encoding.UTF8.GetBytes($"indiegent/wallet/data-key/v1|{agentId:D}|{masterKeyId}");

    private static byte[] PrivateKeyAad(Guid agentId, EvmAddress address) =>
        Encoding.UTF8.GetBytes($"indiegent/wallet/private-key/v1|{agentId:D}|{address.ToLowerHex()}");
}
