using System.Numerics;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.Permit2.Functions;
using IndieGent.Chain.X402.Functions;

namespace IndieGent.Chain.X402;

/// <summary>
/// The x402 Permit2 proxies' settlement calls as Nethereum function messages (what the proxy clients send);
/// <c>GetCallData()</c> on one gives the transaction data. The Permit2 signature is passed as raw bytes, so
/// a 64-byte EIP-2098 signature (<see cref="Permit2Signatures.ToCompact"/>) can be sent as well as 65 bytes.
/// </summary>
public static class X402ProxyCalls
{
    /// <summary>The <c>upto</c> proxy's <c>settle</c>: charge <paramref name="amount"/> (1 to the permitted amount).</summary>
    public static UptoSettleFunction UptoSettle(PermitTransferFrom permit, BigInteger amount, EvmAddress owner, UptoWitness witness, byte[] signature) => new()
    {
        Permit = Tuple(permit),
        Amount = amount,
        Owner = owner.ToChecksumHex(),
        Witness = Tuple(witness),
        Signature = Required(signature),
    };

    /// <summary>The <c>upto</c> proxy's <c>settleWithPermit</c>: the EIP-2612 permit for Permit2 first, then as <see cref="UptoSettle"/>.</summary>
    public static UptoSettleWithPermitFunction UptoSettleWithPermit(Eip2612Permit permit2612, PermitTransferFrom permit, BigInteger amount,
        EvmAddress owner, UptoWitness witness, byte[] signature) => new()
        {
            Permit2612 = Tuple(permit2612),
            Permit = Tuple(permit),
            Amount = amount,
            Owner = owner.ToChecksumHex(),
            Witness = Tuple(witness),
            Signature = Required(signature),
        };

    /// <summary>The <c>exact</c> proxy's <c>settle</c>: moves exactly the permitted amount.</summary>
    public static ExactSettleFunction ExactSettle(PermitTransferFrom permit, EvmAddress owner, ExactWitness witness, byte[] signature) => new()
    {
        Permit = Tuple(permit),
        Owner = owner.ToChecksumHex(),
        Witness = Tuple(witness),
        Signature = Required(signature),
    };

    /// <summary>The <c>exact</c> proxy's <c>settleWithPermit</c>: the EIP-2612 permit for Permit2 first, then as <see cref="ExactSettle"/>.</summary>
    public static ExactSettleWithPermitFunction ExactSettleWithPermit(Eip2612Permit permit2612, PermitTransferFrom permit, EvmAddress owner,
        ExactWitness witness, byte[] signature) => new()
        {
            Permit2612 = Tuple(permit2612),
            Permit = Tuple(permit),
            Owner = owner.ToChecksumHex(),
            Witness = Tuple(witness),
            Signature = Required(signature),
        };

    private static PermitTransferFromTuple Tuple(PermitTransferFrom permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        ArgumentNullException.ThrowIfNull(permit.Permitted);
        return new()
        {
            Permitted = new() { Token = permit.Permitted.Token.ToChecksumHex(), Amount = permit.Permitted.Amount },
            Nonce = permit.Nonce,
            Deadline = permit.Deadline,
        };
    }

    private static UptoWitnessTuple Tuple(UptoWitness witness)
    {
        ArgumentNullException.ThrowIfNull(witness);
        return new() { To = witness.To.ToChecksumHex(), Facilitator = witness.Facilitator.ToChecksumHex(), ValidAfter = witness.ValidAfter };
    }

    private static ExactWitnessTuple Tuple(ExactWitness witness)
    {
        ArgumentNullException.ThrowIfNull(witness);
        return new() { To = witness.To.ToChecksumHex(), ValidAfter = witness.ValidAfter };
    }

    private static Eip2612PermitTuple Tuple(Eip2612Permit permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        ArgumentNullException.ThrowIfNull(permit.Signature);
        return new() { Value = permit.Value, Deadline = permit.Deadline, R = permit.Signature.R, S = permit.Signature.S, V = permit.Signature.V };
    }

    private static byte[] Required(byte[] signature) => signature ?? throw new ArgumentNullException(nameof(signature));
}
