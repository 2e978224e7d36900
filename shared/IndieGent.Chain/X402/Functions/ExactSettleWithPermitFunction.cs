using IndieGent.Chain.Permit2.Functions;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402.Functions;

/// <summary>
/// The <c>exact</c> proxy's <c>settleWithPermit(EIP2612Permit permit2612, PermitTransferFrom permit, address owner,
/// Witness witness, bytes signature)</c> (selector <c>0xfa340378</c>).
/// </summary>
[Function("settleWithPermit")]
public sealed class ExactSettleWithPermitFunction : FunctionMessage
{
    [Parameter("tuple", "permit2612", 1)]
    public Eip2612PermitTuple Permit2612 { get; set; } = new();

    [Parameter("tuple", "permit", 2)]
    public PermitTransferFromTuple Permit { get; set; } = new();

    [Parameter("address", "owner", 3)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("tuple", "witness", 4)]
    public ExactWitnessTuple Witness { get; set; } = new();

    [Parameter("bytes", "signature", 5)]
    public byte[] Signature { get; set; } = [];
}
