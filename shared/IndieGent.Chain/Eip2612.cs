using Nethereum.ABI.EIP712;
using Nethereum.Signer;

namespace IndieGent.Chain;

/// <summary>EIP-2612 <c>Permit</c> typed data and signatures in the domain the token reports.</summary>
public static class Eip2612
{
    /// <summary>The EIP-712 primary type of a permit.</summary>
    public const string PermitType = "Permit";

    /// <summary>The typed data a wallet signs for <c>permit</c> (a new instance each call).</summary>
    public static TypedData<Domain> PermitTypedData(TokenDomain domain, PermitAuthorization permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        return Eip712.TypedData(domain, PermitType, new PermitMessage
        {
            Owner = permit.Owner.ToChecksumHex(),
            Spender = permit.Spender.ToChecksumHex(),
            Value = permit.Value,
            Nonce = permit.Nonce,
            Deadline = permit.Deadline,
        });
    }

    /// <summary>Signs a <c>Permit</c> with the owner's key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not the key of <see cref="PermitAuthorization.Owner"/>.</exception>
    public static EvmSignature SignPermit(TokenDomain domain, PermitAuthorization permit, EthECKey key) =>
        Eip712.Sign(PermitTypedData(domain, permit), key, permit.Owner, "permit owner");
}
