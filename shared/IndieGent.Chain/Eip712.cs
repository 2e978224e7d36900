using Nethereum.ABI.EIP712;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace IndieGent.Chain;

/// <summary>Shared EIP-712 plumbing over Nethereum's <see cref="Eip712TypedDataSigner"/>.</summary>
internal static class Eip712
{
    public static TypedData<Domain> TypedData<TMessage>(TokenDomain domain, string primaryType, TMessage message)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var typedData = new TypedData<Domain>
        {
            Domain = domain.ToEip712Domain(),
            Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(TMessage)),
            PrimaryType = primaryType,
        };
        typedData.SetMessage(message);
        return typedData;
    }

    public static EvmSignature Sign(TypedData<Domain> typedData, EthECKey key, EvmAddress expectedSigner, string role)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(typedData));
        var (signature, signer) = Secp256k1Signer.Sign(hash, key);
        // Fail here rather than on chain: a signature by the wrong key can only revert.
        if (signer != expectedSigner)
        {
            throw new ArgumentException($"The key belongs to {signer}, but the {role} is {expectedSigner}.", nameof(key));
        }

        return signature;
    }

    public static EvmAddress Recover(TypedData<Domain> typedData, EvmSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return EvmAddress.Parse(Eip712TypedDataSigner.Current.RecoverFromSignatureV4(typedData, signature.ToHex()));
    }
}
