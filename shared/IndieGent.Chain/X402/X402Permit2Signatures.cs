using System.Numerics;
using IndieGent.Chain.Permit2;
using Nethereum.Signer;
using Nethereum.Util;

namespace IndieGent.Chain.X402;

/// <summary>
/// The messages an x402 payer signs for the Permit2 proxies (<c>upto</c>, and <c>exact</c> with the
/// <c>permit2</c> asset transfer method): a Permit2 <c>PermitWitnessTransferFrom</c> whose spender is the
/// proxy and whose witness is the proxy's <c>Witness</c>, as @x402/evm's clients sign it with
/// <c>uptoPermit2WitnessTypes</c> / <c>permit2WitnessTypes</c>. Pure: no chain access.
/// </summary>
/// <remarks>
/// The domain is Permit2's (<see cref="Permit2Signatures.DomainSeparator"/>): name <c>"Permit2"</c>, the chain,
/// and the Permit2 address, which is the canonical one (<see cref="Permit2Signatures.CanonicalAddress"/>) on
/// public chains and on a local chain where <c>Permit2Deployer.SetCodeAsync</c> placed it there.
/// </remarks>
public static class X402Permit2Signatures
{
    /// <summary>The <c>upto</c> witness struct, <c>Witness(address to,address facilitator,uint256 validAfter)</c>.</summary>
    public const string UptoWitnessType = "Witness(address to,address facilitator,uint256 validAfter)";

    /// <summary>The <c>exact</c> witness struct, <c>Witness(address to,uint256 validAfter)</c>.</summary>
    public const string ExactWitnessType = "Witness(address to,uint256 validAfter)";

    /// <summary>
    /// The <c>upto</c> proxy's <c>WITNESS_TYPE_STRING</c>:
    /// <c>Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)</c>.
    /// </summary>
    public const string UptoWitnessTypeString = "Witness witness)" + Permit2Signatures.TokenPermissionsType + UptoWitnessType;

    /// <summary>
    /// The <c>exact</c> proxy's <c>WITNESS_TYPE_STRING</c>:
    /// <c>Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)</c>.
    /// </summary>
    public const string ExactWitnessTypeString = "Witness witness)" + Permit2Signatures.TokenPermissionsType + ExactWitnessType;

    private const int Word = 32;

    private static readonly byte[] _uptoWitnessTypeHash = Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes(UptoWitnessType));
    private static readonly byte[] _exactWitnessTypeHash = Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes(ExactWitnessType));

    /// <summary>x402's <c>x402UptoPermit2Proxy</c> address, the same on every chain it is deployed to (CREATE2).</summary>
    public static EvmAddress UptoProxyCanonicalAddress { get; } = EvmAddress.Parse("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002");

    /// <summary>x402's <c>x402ExactPermit2Proxy</c> address, the same on every chain it is deployed to (CREATE2).</summary>
    public static EvmAddress ExactProxyCanonicalAddress { get; } = EvmAddress.Parse("0x402085c248EeA27D92E8b30b2C58ed07f9E20001");

    /// <summary>The <c>upto</c> proxy's <c>WITNESS_TYPEHASH</c>, keccak256 of <see cref="UptoWitnessType"/>.</summary>
    public static byte[] UptoWitnessTypeHash => (byte[])_uptoWitnessTypeHash.Clone();

    /// <summary>The <c>exact</c> proxy's <c>WITNESS_TYPEHASH</c>, keccak256 of <see cref="ExactWitnessType"/>.</summary>
    public static byte[] ExactWitnessTypeHash => (byte[])_exactWitnessTypeHash.Clone();

    /// <summary>
    /// <c>hashStruct(Witness{to, facilitator, validAfter})</c> = keccak256(typeHash ‖ to ‖ facilitator ‖ validAfter),
    /// the witness the <c>upto</c> proxy passes to Permit2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validAfter"/> is not a uint256.</exception>
    public static byte[] UptoWitnessHash(EvmAddress to, EvmAddress facilitator, BigInteger validAfter)
    {
        var encoded = new byte[4 * Word];
        _uptoWitnessTypeHash.CopyTo(encoded, 0);
        Permit2Signatures.WriteAddress(to, encoded.AsSpan(Word, Word));
        Permit2Signatures.WriteAddress(facilitator, encoded.AsSpan(2 * Word, Word));
        Permit2Signatures.WriteUint256(validAfter, encoded.AsSpan(3 * Word, Word), nameof(validAfter));
        return Sha3Keccack.Current.CalculateHash(encoded);
    }

    /// <inheritdoc cref="UptoWitnessHash(EvmAddress, EvmAddress, BigInteger)"/>
    public static byte[] UptoWitnessHash(UptoWitness witness)
    {
        ArgumentNullException.ThrowIfNull(witness);
        return UptoWitnessHash(witness.To, witness.Facilitator, witness.ValidAfter);
    }

    /// <summary>
    /// <c>hashStruct(Witness{to, validAfter})</c> = keccak256(typeHash ‖ to ‖ validAfter), the witness the
    /// <c>exact</c> proxy passes to Permit2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validAfter"/> is not a uint256.</exception>
    public static byte[] ExactWitnessHash(EvmAddress to, BigInteger validAfter)
    {
        var encoded = new byte[3 * Word];
        _exactWitnessTypeHash.CopyTo(encoded, 0);
        Permit2Signatures.WriteAddress(to, encoded.AsSpan(Word, Word));
        Permit2Signatures.WriteUint256(validAfter, encoded.AsSpan(2 * Word, Word), nameof(validAfter));
        return Sha3Keccack.Current.CalculateHash(encoded);
    }

    /// <inheritdoc cref="ExactWitnessHash(EvmAddress, BigInteger)"/>
    public static byte[] ExactWitnessHash(ExactWitness witness)
    {
        ArgumentNullException.ThrowIfNull(witness);
        return ExactWitnessHash(witness.To, witness.ValidAfter);
    }

    /// <summary>
    /// The digest Permit2 verifies when the <c>upto</c> proxy at <paramref name="proxy"/> settles
    /// <paramref name="permit"/>: <see cref="Permit2Signatures.SingleDigest(long, EvmAddress, TokenPermission, EvmAddress, BigInteger, BigInteger, ReadOnlySpan{byte}, string)"/>
    /// with the proxy as spender, <see cref="UptoWitnessHash(UptoWitness)"/> and <see cref="UptoWitnessTypeString"/>.
    /// </summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="permit2">The Permit2 the proxy calls (the domain's verifying contract).</param>
    /// <param name="proxy">The proxy, the permit's spender (<see cref="UptoProxyCanonicalAddress"/> on public chains).</param>
    /// <param name="permit">The permit: the token and the most the facilitator may charge, nonce, deadline.</param>
    /// <param name="witness">The recipient, facilitator and earliest settlement time.</param>
    public static byte[] UptoDigest(long chainId, EvmAddress permit2, EvmAddress proxy, PermitTransferFrom permit, UptoWitness witness)
    {
        ArgumentNullException.ThrowIfNull(permit);
        return Permit2Signatures.SingleDigest(chainId, permit2, permit.Permitted, proxy, permit.Nonce, permit.Deadline,
            UptoWitnessHash(witness), UptoWitnessTypeString);
    }

    /// <summary>
    /// The digest Permit2 verifies when the <c>exact</c> proxy at <paramref name="proxy"/> settles
    /// <paramref name="permit"/>: <see cref="Permit2Signatures.SingleDigest(long, EvmAddress, TokenPermission, EvmAddress, BigInteger, BigInteger, ReadOnlySpan{byte}, string)"/>
    /// with the proxy as spender, <see cref="ExactWitnessHash(ExactWitness)"/> and <see cref="ExactWitnessTypeString"/>.
    /// </summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="permit2">The Permit2 the proxy calls (the domain's verifying contract).</param>
    /// <param name="proxy">The proxy, the permit's spender (<see cref="ExactProxyCanonicalAddress"/> on public chains).</param>
    /// <param name="permit">The permit: the token and the exact amount paid, nonce, deadline.</param>
    /// <param name="witness">The recipient and earliest settlement time.</param>
    public static byte[] ExactDigest(long chainId, EvmAddress permit2, EvmAddress proxy, PermitTransferFrom permit, ExactWitness witness)
    {
        ArgumentNullException.ThrowIfNull(permit);
        return Permit2Signatures.SingleDigest(chainId, permit2, permit.Permitted, proxy, permit.Nonce, permit.Deadline,
            ExactWitnessHash(witness), ExactWitnessTypeString);
    }

    /// <summary>Signs <see cref="UptoDigest"/> with the payer's key (65 bytes, low s, v 27 or 28).</summary>
    /// <inheritdoc cref="UptoDigest" path="/param"/>
    /// <param name="key">The payer's key: the owner the proxy is given must be its address.</param>
    public static EvmSignature SignUpto(long chainId, EvmAddress permit2, EvmAddress proxy, PermitTransferFrom permit, UptoWitness witness, EthECKey key) =>
        Permit2Signatures.Sign(UptoDigest(chainId, permit2, proxy, permit, witness), key);

    /// <summary>Signs <see cref="ExactDigest"/> with the payer's key (65 bytes, low s, v 27 or 28).</summary>
    /// <inheritdoc cref="ExactDigest" path="/param"/>
    /// <param name="key">The payer's key: the owner the proxy is given must be its address.</param>
    public static EvmSignature SignExact(long chainId, EvmAddress permit2, EvmAddress proxy, PermitTransferFrom permit, ExactWitness witness, EthECKey key) =>
        Permit2Signatures.Sign(ExactDigest(chainId, permit2, proxy, permit, witness), key);
}
