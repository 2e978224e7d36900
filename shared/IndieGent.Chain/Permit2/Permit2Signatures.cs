using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using NBitcoin.Secp256k1;
using Nethereum.Signer;
using Org.BouncyCastle.Crypto.Digests;

namespace IndieGent.Chain.Permit2;

/// <summary>
/// The EIP-712 digests Permit2's SignatureTransfer verifies, computed directly (no typed-data
/// objects), and signing and recovery over them. Each digest is one 32-byte array; the hashing in
/// between runs on the stack.
/// </summary>
/// <remarks>
/// Domain: <c>EIP712Domain(string name,uint256 chainId,address verifyingContract)</c>, name
/// <c>"Permit2"</c>, no version. The spender in every message is the account that will submit the
/// transfer (the contract uses <c>msg.sender</c>). A witness type string names the witness member,
/// closes the permit struct and appends the referenced struct types in EIP-712 (alphabetical) order,
/// <c>TokenPermissions</c> included, as <see cref="PaymentWitnessTypeString"/> does.
/// </remarks>
public static class Permit2Signatures
{
    /// <summary>The MPP witness struct, <c>PaymentWitness(bytes32 challengeHash,string externalId)</c>.</summary>
    public const string PaymentWitnessType = "PaymentWitness(bytes32 challengeHash,string externalId)";

    /// <summary>The permitted-token struct, <c>TokenPermissions(address token,uint256 amount)</c>.</summary>
    public const string TokenPermissionsType = "TokenPermissions(address token,uint256 amount)";

    /// <summary>The witness type string of MPP's <c>evm</c> charge method: a <c>PaymentWitness witness</c> member.</summary>
    public const string PaymentWitnessTypeString = "PaymentWitness witness)" + PaymentWitnessType + TokenPermissionsType;

    /// <summary>Uniswap's Permit2 address, the same on every chain it is deployed to.</summary>
    public static EvmAddress CanonicalAddress { get; } = EvmAddress.Parse("0x000000000022D473030F116dDEE9F6B43aC78BA3");

    private const int Word = 32;
    private const string SingleWitnessStub =
        "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,";
    private const string BatchWitnessStub =
        "PermitBatchWitnessTransferFrom(TokenPermissions[] permitted,address spender,uint256 nonce,uint256 deadline,";

    // Keccak-256 state, reused per thread: hashing allocates nothing once it exists.
    [ThreadStatic]
    private static KeccakDigest? t_keccak;

    private static readonly byte[] _domainTypeHash = Keccak("EIP712Domain(string name,uint256 chainId,address verifyingContract)");
    private static readonly byte[] _nameHash = Keccak("Permit2");
    private static readonly byte[] _tokenPermissionsTypeHash = Keccak(TokenPermissionsType);
    private static readonly byte[] _permitTransferFromTypeHash =
        Keccak("PermitTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline)" + TokenPermissionsType);
    private static readonly byte[] _permitBatchTransferFromTypeHash =
        Keccak("PermitBatchTransferFrom(TokenPermissions[] permitted,address spender,uint256 nonce,uint256 deadline)" + TokenPermissionsType);
    private static readonly byte[] _paymentWitnessTypeHash = Keccak(PaymentWitnessType);
    private static readonly byte[] _singlePaymentTypeHash = Keccak(SingleWitnessStub + PaymentWitnessTypeString);
    private static readonly byte[] _batchPaymentTypeHash = Keccak(BatchWitnessStub + PaymentWitnessTypeString);

    /// <summary>Permit2's EIP-712 domain separator on <paramref name="chainId"/> at <paramref name="permit2"/>.</summary>
    public static byte[] DomainSeparator(long chainId, EvmAddress permit2)
    {
        var separator = new byte[Word];
        WriteDomainSeparator(chainId, permit2, separator);
        return separator;
    }

    /// <summary>
    /// The witness of an MPP payment: <c>hashStruct(PaymentWitness{challengeHash, externalId})</c> =
    /// keccak256(typeHash ‖ challengeHash ‖ keccak256(utf8(externalId))).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="challengeHash"/> is not 32 bytes.</exception>
    public static byte[] PaymentWitnessHash(ReadOnlySpan<byte> challengeHash, string externalId)
    {
        RequireWord(challengeHash, nameof(challengeHash));
        ArgumentNullException.ThrowIfNull(externalId);
        Span<byte> encoded = stackalloc byte[3 * Word];
        _paymentWitnessTypeHash.CopyTo(encoded);
        challengeHash.CopyTo(encoded[Word..]);
        HashUtf8(null, externalId, encoded[(2 * Word)..]);
        var witness = new byte[Word];
        Hash(encoded, witness);
        return witness;
    }

    /// <summary>The digest <c>permitWitnessTransferFrom</c> (one token) verifies.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="permit2">The Permit2 contract (the domain's verifying contract).</param>
    /// <param name="permitted">The token and the most of it the spender may move.</param>
    /// <param name="spender">The account that will submit the transfer.</param>
    /// <param name="nonce">The owner's unordered nonce.</param>
    /// <param name="deadline">The last valid block timestamp.</param>
    /// <param name="witness">The 32-byte witness hash, e.g. <see cref="PaymentWitnessHash"/>.</param>
    /// <param name="witnessTypeString">The witness type string, e.g. <see cref="PaymentWitnessTypeString"/>.</param>
    public static byte[] SingleDigest(long chainId, EvmAddress permit2, TokenPermission permitted, EvmAddress spender,
        BigInteger nonce, BigInteger deadline, ReadOnlySpan<byte> witness, string witnessTypeString)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        RequireWord(witness, nameof(witness));
        Span<byte> typeHash = stackalloc byte[Word];
        WitnessTypeHash(SingleWitnessStub, _singlePaymentTypeHash, witnessTypeString, typeHash);
        Span<byte> permittedHash = stackalloc byte[Word];
        HashTokenPermission(permitted, permittedHash);
        return Digest(chainId, permit2, typeHash, permittedHash, spender, nonce, deadline, witness);
    }

    /// <summary>The digest <c>permitTransferFrom</c> (one token, no witness) verifies.</summary>
    public static byte[] SingleDigest(long chainId, EvmAddress permit2, TokenPermission permitted, EvmAddress spender,
        BigInteger nonce, BigInteger deadline)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        Span<byte> permittedHash = stackalloc byte[Word];
        HashTokenPermission(permitted, permittedHash);
        return Digest(chainId, permit2, _permitTransferFromTypeHash, permittedHash, spender, nonce, deadline, default);
    }

    /// <summary>
    /// The digest the batch <c>permitWitnessTransferFrom</c> verifies (several tokens, as MPP splits
    /// use it). A batch of one is a different message from <see cref="SingleDigest(long, EvmAddress, TokenPermission, EvmAddress, BigInteger, BigInteger, ReadOnlySpan{byte}, string)"/>:
    /// the caller picks the one matching the function it will call.
    /// </summary>
    /// <inheritdoc cref="SingleDigest(long, EvmAddress, TokenPermission, EvmAddress, BigInteger, BigInteger, ReadOnlySpan{byte}, string)" path="/param"/>
    public static byte[] BatchDigest(long chainId, EvmAddress permit2, IReadOnlyList<TokenPermission> permitted, EvmAddress spender,
        BigInteger nonce, BigInteger deadline, ReadOnlySpan<byte> witness, string witnessTypeString)
    {
        RequireWord(witness, nameof(witness));
        Span<byte> typeHash = stackalloc byte[Word];
        WitnessTypeHash(BatchWitnessStub, _batchPaymentTypeHash, witnessTypeString, typeHash);
        Span<byte> permittedHash = stackalloc byte[Word];
        HashTokenPermissions(permitted, permittedHash);
        return Digest(chainId, permit2, typeHash, permittedHash, spender, nonce, deadline, witness);
    }

    /// <summary>The digest the batch <c>permitTransferFrom</c> (no witness) verifies.</summary>
    public static byte[] BatchDigest(long chainId, EvmAddress permit2, IReadOnlyList<TokenPermission> permitted, EvmAddress spender,
        BigInteger nonce, BigInteger deadline)
    {
        Span<byte> permittedHash = stackalloc byte[Word];
        HashTokenPermissions(permitted, permittedHash);
        return Digest(chainId, permit2, _permitBatchTransferFromTypeHash, permittedHash, spender, nonce, deadline, default);
    }

    /// <summary>Signs a 32-byte digest: 65 bytes <c>r ‖ s ‖ v</c>, low s, v 27 or 28 (deterministic, RFC 6979).</summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not 32 bytes, or the key is not a secp256k1 key.</exception>
    public static EvmSignature Sign(ReadOnlySpan<byte> digest, EthECKey key)
    {
        RequireWord(digest, nameof(digest));
        return Secp256k1Signer.Sign(digest, key).Signature;
    }

    /// <summary>
    /// The address <c>ecrecover</c> gives for <paramref name="signature"/> over <paramref name="digest"/>;
    /// Permit2 accepts the signature when it is the owner (and, here, when <see cref="EvmSignature.IsLowS"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not 32 bytes or v is not 27 or 28.</exception>
    /// <exception cref="CryptographicException">The signature recovers to no public key.</exception>
    public static EvmAddress Recover(ReadOnlySpan<byte> digest, EvmSignature signature)
    {
        RequireWord(digest, nameof(digest));
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.V is not (27 or 28))
            throw new ArgumentException($"v is 27 or 28, not {signature.V}.", nameof(signature));
        var bytes = signature.ToByteArray();
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(bytes.AsSpan(0, 2 * Word), signature.V - 27, out var recoverable)
            || recoverable is null
            || !ECPubKey.TryRecover(Context.Instance, recoverable, digest, out var publicKey)
            || publicKey is null)
        {
            throw new CryptographicException("The signature does not recover to a public key.");
        }

        Span<byte> uncompressed = stackalloc byte[65];
        publicKey.WriteToSpan(compressed: false, uncompressed, out _);
        Span<byte> hash = stackalloc byte[Word];
        Hash(uncompressed[1..], hash);
        return EvmAddress.FromBytes(hash[12..]);
    }

    /// <summary>
    /// The EIP-2098 compact form of a signature, 64 bytes <c>r ‖ (v - 27) &lt;&lt; 255 | s</c>, which
    /// Permit2 also accepts.
    /// </summary>
    /// <exception cref="ArgumentException">s is not low or v is not 27 or 28 (neither fits the compact form).</exception>
    public static byte[] ToCompact(EvmSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!signature.IsLowS || signature.V is not (27 or 28))
            throw new ArgumentException("Only a signature with a low s and v 27 or 28 has an EIP-2098 form.", nameof(signature));
        var compact = signature.ToByteArray()[..(2 * Word)];
        compact[Word] |= (byte)((signature.V - 27) << 7);
        return compact;
    }

    private static byte[] Digest(long chainId, EvmAddress permit2, ReadOnlySpan<byte> typeHash, ReadOnlySpan<byte> permittedHash,
        EvmAddress spender, BigInteger nonce, BigInteger deadline, ReadOnlySpan<byte> witness)
    {
        // hashStruct: typeHash ‖ permitted ‖ spender ‖ nonce ‖ deadline [‖ witness]
        Span<byte> encoded = stackalloc byte[6 * Word];
        var length = witness.IsEmpty ? 5 * Word : 6 * Word;
        typeHash.CopyTo(encoded);
        permittedHash.CopyTo(encoded[Word..]);
        WriteAddress(spender, encoded.Slice(2 * Word, Word));
        WriteUint256(nonce, encoded.Slice(3 * Word, Word), nameof(nonce));
        WriteUint256(deadline, encoded.Slice(4 * Word, Word), nameof(deadline));
        witness.CopyTo(encoded[(5 * Word)..]);

        // "\x19\x01" ‖ domainSeparator ‖ hashStruct
        Span<byte> message = stackalloc byte[2 + 2 * Word];
        message[0] = 0x19;
        message[1] = 0x01;
        WriteDomainSeparator(chainId, permit2, message.Slice(2, Word));
        Hash(encoded[..length], message[(2 + Word)..]);
        var digest = new byte[Word];
        Hash(message, digest);
        return digest;
    }

    private static void WriteDomainSeparator(long chainId, EvmAddress permit2, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        Span<byte> encoded = stackalloc byte[4 * Word];
        _domainTypeHash.CopyTo(encoded);
        _nameHash.CopyTo(encoded[Word..]);
        WriteUint256(chainId, encoded.Slice(2 * Word, Word), nameof(chainId));
        WriteAddress(permit2, encoded.Slice(3 * Word, Word));
        Hash(encoded, destination);
    }

    private static void WitnessTypeHash(string stub, byte[] paymentTypeHash, string witnessTypeString, Span<byte> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(witnessTypeString);
        if (string.Equals(witnessTypeString, PaymentWitnessTypeString, StringComparison.Ordinal))
            paymentTypeHash.CopyTo(destination);
        else
            HashUtf8(stub, witnessTypeString, destination);
    }

    private static void HashTokenPermissions(IReadOnlyList<TokenPermission> permitted, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        // EIP-712 array of structs: keccak256 of the members' hashStructs, concatenated.
        var size = permitted.Count * Word;
        byte[]? rented = null;
        var hashes = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            for (var i = 0; i < permitted.Count; i++)
            {
                HashTokenPermission(permitted[i] ?? throw new ArgumentException($"permitted[{i}] is null.", nameof(permitted)),
                    hashes.Slice(i * Word, Word));
            }

            Hash(hashes, destination);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void HashTokenPermission(TokenPermission permitted, Span<byte> destination)
    {
        Span<byte> encoded = stackalloc byte[3 * Word];
        _tokenPermissionsTypeHash.CopyTo(encoded);
        WriteAddress(permitted.Token, encoded.Slice(Word, Word));
        WriteUint256(permitted.Amount, encoded.Slice(2 * Word, Word), "permitted amount");
        Hash(encoded, destination);
    }

    /// <summary>Writes <paramref name="address"/> ABI-encoded into the 32-byte <paramref name="word"/> (12 zero bytes, then the address).</summary>
    /// <remarks>Shared with <see cref="X402.X402Permit2Signatures"/>, which encodes the x402 witnesses the same way.</remarks>
    internal static void WriteAddress(EvmAddress address, Span<byte> word)
    {
        word[..12].Clear();
        address.WriteTo(word[12..]);
    }

    /// <summary>Writes <paramref name="value"/> ABI-encoded (big-endian) into the 32-byte <paramref name="word"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative or above 2^256 - 1; <paramref name="name"/> names it.</exception>
    internal static void WriteUint256(BigInteger value, Span<byte> word, string name)
    {
        var length = value.Sign < 0 ? int.MaxValue : value.GetByteCount(isUnsigned: true);
        if (length > Word)
            throw new ArgumentOutOfRangeException(name, value, $"The {name} is not a uint256 (0 to 2^256 - 1).");
        word.Clear();
        value.TryWriteBytes(word[(Word - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    private static void RequireWord(ReadOnlySpan<byte> value, string name)
    {
        if (value.Length != Word)
            throw new ArgumentException($"The {name} is {Word} bytes, not {value.Length}.", name);
    }

    private static byte[] Keccak(string ascii)
    {
        var hash = new byte[Word];
        HashUtf8(null, ascii, hash);
        return hash;
    }

    /// <summary>keccak256(<paramref name="prefix"/> ‖ utf8(<paramref name="text"/>)); the prefix is ASCII.</summary>
    private static void HashUtf8(string? prefix, string text, Span<byte> destination)
    {
        var size = Encoding.UTF8.GetByteCount(text) + (prefix?.Length ?? 0);
        byte[]? rented = null;
        var bytes = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            var written = prefix is null ? 0 : Encoding.ASCII.GetBytes(prefix, bytes);
            Encoding.UTF8.GetBytes(text, bytes[written..]);
            Hash(bytes, destination);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var keccak = t_keccak ??= new KeccakDigest(256);
        keccak.BlockUpdate(data);
        keccak.DoFinal(destination); // DoFinal also resets the state for the next hash.
    }
}
