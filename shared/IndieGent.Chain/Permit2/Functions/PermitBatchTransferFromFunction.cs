using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2.Functions;

/// <summary>
/// The batch overload of <c>permitTransferFrom(PermitBatchTransferFrom permit, SignatureTransferDetails[] transferDetails,
/// address owner, bytes signature)</c> (selector <c>0xedd9444b</c>): several tokens, no witness.
/// </summary>
[Function("permitTransferFrom")]
public sealed class PermitBatchTransferFromFunction : FunctionMessage
{
    [Parameter("tuple", "permit", 1)]
    public PermitBatchTransferFromTuple Permit { get; set; } = new();

    [Parameter("tuple[]", "transferDetails", 2)]
    public List<SignatureTransferDetailsTuple> TransferDetails { get; set; } = [];

    [Parameter("address", "owner", 3)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("bytes", "signature", 4)]
    public byte[] Signature { get; set; } = [];
}
