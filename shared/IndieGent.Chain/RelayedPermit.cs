using System.Numerics;
using IndieGent.Chain.Token.Functions;
using Nethereum.Contracts;

namespace IndieGent.Chain;

/// <summary>
/// An EIP-2612 permit as a relayer submits it: the call data of the token's
/// <c>permit(owner, spender, value, deadline, bytes signature)</c>. Anyone may send it; it sets the owner's allowance for the
/// spender, so the sender only pays gas. The platform relays one per custodial wallet, letting Permit2 move its tokens.
/// </summary>
/// <remarks>Decoding is strict, as for <see cref="RelayedAuthorization"/>: the selector, then a re-encoding must give the same bytes.</remarks>
/// <param name="Owner">Whose allowance is set (the signer).</param>
/// <param name="Spender">Who may then move the owner's tokens.</param>
/// <param name="Value">The allowance, base units.</param>
/// <param name="Deadline">Unix seconds after which the permit is void.</param>
/// <param name="Signature">The owner's signature over the token's <c>Permit</c> (its nonce is the token's, not in the call).</param>
public sealed record RelayedPermit(EvmAddress Owner, EvmAddress Spender, BigInteger Value, BigInteger Deadline, EvmSignature Signature)
{
    private static readonly byte[] Selector = Convert.FromHexString(ABITypedRegistry.GetFunctionABI<PermitFunction>().Sha3Signature);

    /// <summary>The call data for <c>eth_sendRawTransaction</c>'s data field.</summary>
    public byte[] ToCalldata() => new PermitFunction
    {
        Owner = Owner.ToChecksumHex(), Spender = Spender.ToChecksumHex(), Value = Value, Deadline = Deadline, Signature = Signature.ToByteArray(),
    }.GetCallData();

    /// <summary>Reads <paramref name="calldata"/> as exactly one <c>permit</c> (bytes-signature overload) call.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> calldata, out RelayedPermit permit, out string problem)
    {
        permit = null!;
        if (calldata.Length < Selector.Length || !calldata[..Selector.Length].SequenceEqual(Selector))
        {
            problem = "The call is not the token's permit(address,address,uint256,uint256,bytes).";
            return false;
        }

        try
        {
            var call = new PermitFunction().DecodeInput(Convert.ToHexStringLower(calldata));
            var candidate = new RelayedPermit(EvmAddress.Parse(call.Owner), EvmAddress.Parse(call.Spender), call.Value, call.Deadline,
                EvmSignature.FromBytes(call.Signature));
            if (!candidate.ToCalldata().AsSpan().SequenceEqual(calldata))
            {
                problem = "The permit call is not in its canonical encoding (extra or altered bytes).";
                return false;
            }

            permit = candidate;
            problem = string.Empty;
            return true;
        }
        // The ABI decoder throws whatever its reader hits on hostile input (offsets past the end, bad lengths).
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = "The permit call cannot be decoded.";
            return false;
        }
    }
}
