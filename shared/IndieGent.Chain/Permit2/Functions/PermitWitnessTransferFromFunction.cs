using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2.Functions;

/// <summary>
/// <c>permitWitnessTransferFrom(PermitTransferFrom permit, SignatureTransferDetails transferDetails, address owner,
/// bytes32 witness, string witnessTypeString, bytes signature)</c> (selector <c>0x137c29fe</c>): one token with a witness.
/// </summary>
[Function("permitWitnessTransferFrom")]
public sealed class PermitWitnessTransferFromFunction : FunctionMessage
{
    [Parameter("tuple", "permit", 1)]
    public PermitTransferFromTuple Permit { get; set; } = new();

    [Parameter("tuple", "transferDetails", 2)]
    public SignatureTransferDetailsTuple TransferDetails { get; set; } = new();

    [Parameter("address", "owner", 3)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("bytes32", "witness", 4)]
    public byte[] Witness { get; set; } = [];

    [Parameter("string", "witnessTypeString", 5)]
    public string WitnessTypeString { get; set; } = string.Empty;

    [Parameter("bytes", "signature", 6)]
    public byte[] Signature { get; set; } = [];
}
