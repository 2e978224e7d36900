using System.Security.Cryptography;
using Nethereum.ABI.EIP712;
using Nethereum.Signer;

namespace IndieGent.Chain;

/// <summary>
/// EIP-3009 typed data and signatures: <c>TransferWithAuthorization</c> (anyone may submit),
/// <c>ReceiveWithAuthorization</c> (only the payee may submit) and <c>CancelAuthorization</c>,
/// in the domain the token reports (see <see cref="TokenDomain"/>).
/// </summary>
public static class Eip3009
{
    /// <summary>The EIP-712 primary type of a transfer authorization.</summary>
    public const string TransferWithAuthorizationType = "TransferWithAuthorization";

    /// <summary>The EIP-712 primary type of a receive authorization.</summary>
    public const string ReceiveWithAuthorizationType = "ReceiveWithAuthorization";

    /// <summary>The EIP-712 primary type of a cancellation.</summary>
    public const string CancelAuthorizationType = "CancelAuthorization";

    /// <summary>32 bytes from a cryptographic random generator, as x402 clients use for the nonce.</summary>
    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(32);

    /// <summary>The typed data a wallet signs for <c>transferWithAuthorization</c> (a new instance each call).</summary>
    public static TypedData<Domain> TransferWithAuthorizationTypedData(TokenDomain domain, TransferAuthorization authorization) =>
        Eip712.TypedData(domain, TransferWithAuthorizationType,
            AuthorizationMessage.Create<TransferWithAuthorizationMessage>(Required(authorization)));

    /// <summary>The typed data a wallet signs for <c>receiveWithAuthorization</c> (a new instance each call).</summary>
    public static TypedData<Domain> ReceiveWithAuthorizationTypedData(TokenDomain domain, TransferAuthorization authorization) =>
        Eip712.TypedData(domain, ReceiveWithAuthorizationType,
            AuthorizationMessage.Create<ReceiveWithAuthorizationMessage>(Required(authorization)));

    /// <summary>The typed data a wallet signs for <c>cancelAuthorization</c> (a new instance each call).</summary>
    public static TypedData<Domain> CancelAuthorizationTypedData(TokenDomain domain, EvmAddress authorizer, byte[] nonce) =>
        Eip712.TypedData(domain, CancelAuthorizationType,
            new CancelAuthorizationMessage { Authorizer = authorizer.ToChecksumHex(), Nonce = RequiredNonce(nonce) });

    /// <summary>Signs a <c>TransferWithAuthorization</c> with the payer's key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not the key of <see cref="TransferAuthorization.From"/>.</exception>
    public static EvmSignature SignTransferWithAuthorization(TokenDomain domain, TransferAuthorization authorization, EthECKey key) =>
        Eip712.Sign(TransferWithAuthorizationTypedData(domain, authorization), key, authorization.From, "payer");

    /// <summary>Signs a <c>ReceiveWithAuthorization</c> with the payer's key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not the key of <see cref="TransferAuthorization.From"/>.</exception>
    public static EvmSignature SignReceiveWithAuthorization(TokenDomain domain, TransferAuthorization authorization, EthECKey key) =>
        Eip712.Sign(ReceiveWithAuthorizationTypedData(domain, authorization), key, authorization.From, "payer");

    /// <summary>Signs a <c>CancelAuthorization</c> of <paramref name="nonce"/> with the authorizer's key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not the key of <paramref name="authorizer"/>.</exception>
    public static EvmSignature SignCancelAuthorization(TokenDomain domain, EvmAddress authorizer, byte[] nonce, EthECKey key) =>
        Eip712.Sign(CancelAuthorizationTypedData(domain, authorizer, nonce), key, authorizer, "authorizer");

    /// <summary>
    /// The address that signed a <c>TransferWithAuthorization</c>; a verifier compares it with
    /// <see cref="TransferAuthorization.From"/> before it submits the authorization.
    /// </summary>
    public static EvmAddress RecoverTransferWithAuthorizationSigner(TokenDomain domain, TransferAuthorization authorization, EvmSignature signature) =>
        Eip712.Recover(TransferWithAuthorizationTypedData(domain, authorization), signature);

    private static TransferAuthorization Required(TransferAuthorization authorization) =>
        authorization ?? throw new ArgumentNullException(nameof(authorization));

    private static byte[] RequiredNonce(byte[] nonce) =>
        nonce is { Length: 32 } ? nonce : throw new ArgumentException("An EIP-3009 nonce is 32 bytes.", nameof(nonce));
}
