using IndieGent.Chain.Token.Functions;
using Nethereum.Contracts;

namespace IndieGent.Chain;

/// <summary>
/// An EIP-3009 authorization as a relayer submits it: the call data of the token's
/// <c>transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, bytes signature)</c>.
/// Anyone may send that call; the token moves the money of <see cref="TransferAuthorization.From"/>,
/// never the sender's, so the sender only pays gas.
/// </summary>
/// <remarks>
/// Settlement encodes it, the Wallet decodes what it is asked to sign: a relayer signs nothing but
/// this call, and only after checking whose authorization it carries. Decoding is strict: the
/// selector, then a re-encoding of what was read must give the same bytes, so no trailing data,
/// other overload or loosely padded word passes as this call.
/// </remarks>
public sealed record RelayedAuthorization(TransferAuthorization Authorization, EvmSignature Signature)
{
    private static readonly byte[] Selector = Convert.FromHexString(ABITypedRegistry.GetFunctionABI<TransferWithAuthorizationFunction>().Sha3Signature);

    /// <summary>The call data for <c>eth_sendRawTransaction</c>'s data field.</summary>
    public byte[] ToCalldata() => Function(Authorization, Signature).GetCallData();

    /// <summary>Reads <paramref name="calldata"/> as exactly one <c>transferWithAuthorization</c> (bytes-signature overload) call.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> calldata, out RelayedAuthorization relayed, out string problem)
    {
        relayed = null!;
        if (calldata.Length < Selector.Length || !calldata[..Selector.Length].SequenceEqual(Selector))
        {
            problem = "The call is not the token's transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes).";
            return false;
        }

        try
        {
            var data = calldata.ToArray();
            var call = new TransferWithAuthorizationFunction().DecodeInput(Convert.ToHexStringLower(data));
            var authorization = new TransferAuthorization(EvmAddress.Parse(call.From), EvmAddress.Parse(call.To), call.Value, call.ValidAfter,
                call.ValidBefore, call.AuthorizationNonce);
            var signature = EvmSignature.FromBytes(call.Signature);
            var candidate = new RelayedAuthorization(authorization, signature);
            if (!candidate.ToCalldata().AsSpan().SequenceEqual(calldata))
            {
                problem = "The transferWithAuthorization call is not in its canonical encoding (extra or altered bytes).";
                return false;
            }

            relayed = candidate;
            problem = string.Empty;
            return true;
        }
        // The ABI decoder throws whatever its reader hits on hostile input (offsets past the end, bad lengths).
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = "The transferWithAuthorization call cannot be decoded.";
            return false;
        }
    }

    /// <summary>The token's <c>transferWithAuthorization</c> call carrying <paramref name="authorization"/> (also what <see cref="TokenClient"/> sends).</summary>
    internal static TransferWithAuthorizationFunction Function(TransferAuthorization authorization, EvmSignature signature)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(signature);
        return new TransferWithAuthorizationFunction
        {
            From = authorization.From.ToChecksumHex(),
            To = authorization.To.ToChecksumHex(),
            Value = authorization.Value,
            ValidAfter = authorization.ValidAfter,
            ValidBefore = authorization.ValidBefore,
            AuthorizationNonce = authorization.Nonce,
            Signature = signature.ToByteArray(),
        };
    }
}
