using System.Numerics;
using IndieGent.Chain.Permit2.Functions;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402.Functions;

/// <summary>
/// The <c>upto</c> proxy's <c>settleWithPermit(EIP2612Permit permit2612, PermitTransferFrom permit, uint256 amount,
/// address owner, Witness witness, bytes signature)</c> (selector <c>0x016c1748</c>).
/// </summary>
[Function("settleWithPermit")]
public sealed class UptoSettleWithPermitFunction : FunctionMessage
{
    [Parameter("tuple", "permit2612", 1)]
    public Eip2612PermitTuple Permit2612 { get; set; } = new();

    [Parameter("tuple", "permit", 2)]
    public PermitTransferFromTuple Permit { get; set; } = new();

    [Parameter("uint256", "amount", 3)]
    public BigInteger Amount { get; set; }

    [Parameter("address", "owner", 4)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("tuple", "witness", 5)]
    public UptoWitnessTuple Witness { get; set; } = new();

    [Parameter("bytes", "signature", 6)]
    public byte[] Signature { get; set; } = [];
}
