using IndieGent.Chain.Permit2.Functions;

namespace IndieGent.Chain.Permit2;

/// <summary>
/// Permit2's transfer calls as Nethereum function messages (what <see cref="Permit2Client"/> sends);
/// <c>GetCallData()</c> on one gives the transaction data. The signature is passed as raw bytes, so a
/// 64-byte EIP-2098 signature (<see cref="Permit2Signatures.ToCompact"/>) can be sent as well as 65 bytes.
/// </summary>
public static class Permit2Calls
{
    /// <summary><c>permitTransferFrom</c> for one token, no witness.</summary>
    public static PermitTransferFromFunction PermitTransferFrom(
        PermitTransferFrom permit, TransferDetail transfer, EvmAddress owner, byte[] signature) => new()
        {
            Permit = Tuple(permit),
            TransferDetails = Tuple(transfer),
            Owner = owner.ToChecksumHex(),
            Signature = Required(signature),
        };

    /// <summary><c>permitWitnessTransferFrom</c> for one token.</summary>
    public static PermitWitnessTransferFromFunction PermitWitnessTransferFrom(PermitTransferFrom permit, TransferDetail transfer,
        EvmAddress owner, byte[] witness, string witnessTypeString, byte[] signature) => new()
        {
            Permit = Tuple(permit),
            TransferDetails = Tuple(transfer),
            Owner = owner.ToChecksumHex(),
            Witness = Witness(witness),
            WitnessTypeString = witnessTypeString ?? throw new ArgumentNullException(nameof(witnessTypeString)),
            Signature = Required(signature),
        };

    /// <summary>The batch <c>permitTransferFrom</c>, no witness.</summary>
    public static PermitBatchTransferFromFunction PermitBatchTransferFrom(
        PermitBatchTransferFrom permit, IReadOnlyList<TransferDetail> transfers, EvmAddress owner, byte[] signature) => new()
        {
            Permit = Tuple(permit),
            TransferDetails = Tuples(transfers),
            Owner = owner.ToChecksumHex(),
            Signature = Required(signature),
        };

    /// <summary>The batch <c>permitWitnessTransferFrom</c> (MPP splits).</summary>
    public static PermitBatchWitnessTransferFromFunction PermitBatchWitnessTransferFrom(PermitBatchTransferFrom permit,
        IReadOnlyList<TransferDetail> transfers, EvmAddress owner, byte[] witness, string witnessTypeString, byte[] signature) => new()
        {
            Permit = Tuple(permit),
            TransferDetails = Tuples(transfers),
            Owner = owner.ToChecksumHex(),
            Witness = Witness(witness),
            WitnessTypeString = witnessTypeString ?? throw new ArgumentNullException(nameof(witnessTypeString)),
            Signature = Required(signature),
        };

    private static PermitTransferFromTuple Tuple(PermitTransferFrom permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        return new() { Permitted = Tuple(permit.Permitted), Nonce = permit.Nonce, Deadline = permit.Deadline };
    }

    private static PermitBatchTransferFromTuple Tuple(PermitBatchTransferFrom permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        ArgumentNullException.ThrowIfNull(permit.Permitted);
        return new() { Permitted = [.. permit.Permitted.Select(Tuple)], Nonce = permit.Nonce, Deadline = permit.Deadline };
    }

    private static TokenPermissionsTuple Tuple(TokenPermission permitted)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        return new() { Token = permitted.Token.ToChecksumHex(), Amount = permitted.Amount };
    }

    private static SignatureTransferDetailsTuple Tuple(TransferDetail transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return new() { To = transfer.To.ToChecksumHex(), RequestedAmount = transfer.RequestedAmount };
    }

    private static List<SignatureTransferDetailsTuple> Tuples(IReadOnlyList<TransferDetail> transfers)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        return [.. transfers.Select(Tuple)];
    }

    private static byte[] Witness(byte[] witness) =>
        witness is { Length: 32 } ? witness : throw new ArgumentException("A witness is a 32-byte hash.", nameof(witness));

    private static byte[] Required(byte[] signature) => signature ?? throw new ArgumentNullException(nameof(signature));
}
