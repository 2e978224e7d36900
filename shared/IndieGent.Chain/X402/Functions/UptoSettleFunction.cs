using System.Numerics;
using IndieGent.Chain.Permit2.Functions;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402.Functions;

/// <summary>
/// The <c>upto</c> proxy's <c>settle(PermitTransferFrom permit, uint256 amount, address owner, Witness witness,
/// bytes signature)</c> (selector <c>0xff11e7b4</c>): the sender must be the witness's facilitator.
/// </summary>
[Function("settle")]
public sealed class UptoSettleFunction : FunctionMessage
{
    [Parameter("tuple", "permit", 1)]
    public PermitTransferFromTuple Permit { get; set; } = new();

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }

    [Parameter("address", "owner", 3)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("tuple", "witness", 4)]
    public UptoWitnessTuple Witness { get; set; } = new();

    [Parameter("bytes", "signature", 5)]
    public byte[] Signature { get; set; } = [];
}
