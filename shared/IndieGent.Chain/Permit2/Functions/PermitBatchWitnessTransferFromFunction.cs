using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2.Functions;

/// <summary>
/// The batch overload of <c>permitWitnessTransferFrom(PermitBatchTransferFrom permit, SignatureTransferDetails[]
/// transferDetails, address owner, bytes32 witness, string witnessTypeString, bytes signature)</c> (selector
/// <c>0xfe8ec1a7</c>): several tokens with a witness, as MPP splits use it.
/// </summary>
[Function("permitWitnessTransferFrom")]
public sealed class PermitBatchWitnessTransferFromFunction : FunctionMessage
{
    [Parameter("tuple", "permit", 1)]
    public PermitBatchTransferFromTuple Permit { get; set; } = new();

    [Parameter("tuple[]", "transferDetails", 2)]
    public List<SignatureTransferDetailsTuple> TransferDetails { get; set; } = [];

    [Parameter("address", "owner", 3)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("bytes32", "witness", 4)]
    public byte[] Witness { get; set; } = [];

    [Parameter("string", "witnessTypeString", 5)]
    public string WitnessTypeString { get; set; } = string.Empty;

    [Parameter("bytes", "signature", 6)]
    public byte[] Signature { get; set; } = [];
}
