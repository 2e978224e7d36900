using IndieGent.Chain.Permit2.Functions;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402.Functions;

/// <summary>
/// The <c>exact</c> proxy's <c>settle(PermitTransferFrom permit, address owner, Witness witness, bytes signature)</c>
/// (selector <c>0x13cd3b53</c>): moves exactly the permitted amount.
/// </summary>
[Function("settle")]
public sealed class ExactSettleFunction : FunctionMessage
{
    [Parameter("tuple", "permit", 1)]
    public PermitTransferFromTuple Permit { get; set; } = new();

    [Parameter("address", "owner", 2)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("tuple", "witness", 3)]
    public ExactWitnessTuple Witness { get; set; } = new();

    [Parameter("bytes", "signature", 4)]
    public byte[] Signature { get; set; } = [];
}
