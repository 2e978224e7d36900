using System.Numerics;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// <c>type="permit2"</c> (draft-evm-charge): a Permit2 <c>PermitWitnessTransferFrom</c> (one transfer) or
/// <c>PermitBatchWitnessTransferFrom</c> (the primary recipient and each split), signed by the payer named in the
/// credential's <c>source</c>, with the witness <c>PaymentWitness{challengeHash, externalId}</c>. Entry 0 of
/// <see cref="Permitted"/> and <see cref="TransferDetails"/> is the primary recipient's; entry <c>i + 1</c> is split
/// <c>i</c>'s. The server that submits it is the permit's spender.
/// </summary>
/// <param name="Permitted">Token and maximum amount of each transfer (always an array on the wire).</param>
/// <param name="Nonce">The Permit2 unordered nonce.</param>
/// <param name="Deadline">Unix seconds after which the permit is void.</param>
/// <param name="TransferDetails">Recipient and amount of each transfer, in the order of <see cref="Permitted"/>.</param>
/// <param name="ChallengeHash">keccak256(id ‖ realm) of the challenge answered.</param>
/// <param name="Signature">The EIP-712 signature.</param>
public sealed record EvmPermit2Payload(
    IReadOnlyList<EvmPermit2Permission> Permitted,
    BigInteger Nonce,
    BigInteger Deadline,
    IReadOnlyList<EvmPermit2Transfer> TransferDetails,
    Bytes32 ChallengeHash,
    string Signature) : EvmChargePayload
{
    /// <summary>
    /// The Permit2 witness type string for MPP payments: what follows the permit's own members in its EIP-712 type
    /// (canonical encoding, no spaces after commas).
    /// </summary>
    public const string WitnessTypeString = "PaymentWitness witness)PaymentWitness(bytes32 challengeHash,string externalId)TokenPermissions(address token,uint256 amount)";

    /// <summary>The most transfers a payload carries: the primary recipient and <see cref="EvmChargeRequest.MaxSplits"/> splits.</summary>
    public const int MaxTransfers = EvmChargeRequest.MaxSplits + 1;

    /// <inheritdoc />
    public override string Type => EvmCredentialTypes.Permit2;

    /// <summary>Whether it is a batch (several transfers, <c>permitBatchWitnessTransferFrom</c>).</summary>
    public bool IsBatch => Permitted.Count > 1;

    /// <summary>The transfers the charge request asks for: the primary recipient gets the amount less the splits, then each split.</summary>
    /// <param name="request">The charge request.</param>
    /// <returns>Recipient and amount, in payload order.</returns>
    public static IReadOnlyList<EvmPermit2Transfer> TransfersFor(EvmChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var splits = request.MethodDetails.Splits ?? [];
        var transfers = new List<EvmPermit2Transfer>(splits.Count + 1)
        {
            new(request.Recipient, request.Amount - splits.Aggregate(BigInteger.Zero, (sum, split) => sum + split.Amount)),
        };
        transfers.AddRange(splits.Select(split => new EvmPermit2Transfer(split.Recipient, split.Amount)));
        return transfers;
    }

    /// <summary>Value equality, lists compared element by element.</summary>
    /// <param name="other">The other payload.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(EvmPermit2Payload? other) =>
        other is not null && Nonce == other.Nonce && Deadline == other.Deadline && ChallengeHash == other.ChallengeHash &&
        Signature == other.Signature && Permitted.SequenceEqual(other.Permitted) && TransferDetails.SequenceEqual(other.TransferDetails);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Nonce, Deadline, ChallengeHash, Permitted.Count);

    /// <summary>A log-safe summary: never the signature.</summary>
    /// <returns>Type and transfers.</returns>
    public override string ToString() =>
        $"{Type} payload: {string.Join(", ", TransferDetails.Select(t => $"{t.RequestedAmount} to {t.To}"))}";

    internal static EvmPermit2Payload Read(JsonElement payload)
    {
        var signature = JsonRead.RequiredSignature(payload);
        var permit = JsonRead.RequiredObject(payload, "permit");
        var permitted = ReadArray(permit, "permitted", entry => new EvmPermit2Permission(
            EvmAddress.Parse(JsonRead.RequiredString(entry, "token"), "token"), JsonRead.RequiredUInt256(entry, "amount")));
        var transfers = ReadArray(payload, "transferDetails", entry => new EvmPermit2Transfer(
            EvmAddress.Parse(JsonRead.RequiredString(entry, "to"), "to"), JsonRead.RequiredUInt256(entry, "requestedAmount")));
        if (transfers.Count != permitted.Count)
            throw JsonRead.Invalid("transferDetails", "must have one entry per permitted token");
        var witness = JsonRead.RequiredObject(payload, "witness");
        return new EvmPermit2Payload(permitted, JsonRead.RequiredUInt256(permit, "nonce"), JsonRead.RequiredUInt256(permit, "deadline"), transfers,
            Bytes32.Parse(JsonRead.RequiredString(witness, "challengeHash"), "challengeHash"), signature);
    }

    /// <inheritdoc />
    protected override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteStartObject("permit");
        writer.WriteStartArray("permitted");
        foreach (var permission in Permitted)
        {
            writer.WriteStartObject();
            writer.WriteString("token", permission.Token.ToString());
            writer.WriteString("amount", UInt256Text.Format(permission.Amount));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("nonce", UInt256Text.Format(Nonce));
        writer.WriteString("deadline", UInt256Text.Format(Deadline));
        writer.WriteEndObject();
        writer.WriteStartArray("transferDetails");
        foreach (var transfer in TransferDetails)
        {
            writer.WriteStartObject();
            writer.WriteString("to", transfer.To.ToString());
            writer.WriteString("requestedAmount", UInt256Text.Format(transfer.RequestedAmount));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("witness");
        writer.WriteString("challengeHash", ChallengeHash.ToString());
        writer.WriteEndObject();
        writer.WriteString("signature", Signature);
        writer.WriteEndObject();
    }

    private static List<T> ReadArray<T>(JsonElement owner, string name, Func<JsonElement, T> read)
    {
        var array = JsonRead.OptionalArray(owner, name) ?? throw JsonRead.Missing(name);
        var items = new List<T>();
        foreach (var entry in array.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
                throw JsonRead.Invalid(name, "must hold objects");
            if (items.Count == MaxTransfers)
                throw JsonRead.Invalid(name, $"must not exceed {MaxTransfers} entries");
            items.Add(read(entry));
        }

        return items.Count > 0 ? items : throw JsonRead.Invalid(name, "must not be empty");
    }
}

/// <summary>A Permit2 <c>TokenPermissions</c>: the token and the most that may be moved.</summary>
/// <param name="Token">The token.</param>
/// <param name="Amount">Base units.</param>
public sealed record EvmPermit2Permission(EvmAddress Token, BigInteger Amount);

/// <summary>A Permit2 <c>SignatureTransferDetails</c>: where a transfer goes and how much.</summary>
/// <param name="To">The recipient.</param>
/// <param name="RequestedAmount">Base units.</param>
public sealed record EvmPermit2Transfer(EvmAddress To, BigInteger RequestedAmount);
