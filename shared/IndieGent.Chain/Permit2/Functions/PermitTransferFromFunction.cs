using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2.Functions;

/// <summary>
/// <c>permitTransferFrom(PermitTransferFrom permit, SignatureTransferDetails transferDetails, address owner, bytes signature)</c>
/// (selector <c>0x30f28b7a</c>): one token, no witness; the sender is the spender.
/// </summary>
[Function("permitTransferFrom")]
public sealed class PermitTransferFromFunction : FunctionMessage
{
    [Parameter("tuple", "permit", 1)]
    public PermitTransferFromTuple Permit { get; set; } = new();

    [Parameter("tuple", "transferDetails", 2)]
    public SignatureTransferDetailsTuple TransferDetails { get; set; } = new();

    [Parameter("address", "owner", 3)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("bytes", "signature", 4)]
    public byte[] Signature { get; set; } = [];
}
