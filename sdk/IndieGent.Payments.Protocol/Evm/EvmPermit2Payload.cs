using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// <c>type="permit2"</c>: recognised and carried verbatim (<see cref="Json"/>); IndieGent neither pays
/// nor settles Permit2 yet, so its members are not modelled.
/// </summary>
/// <param name="Json">The whole payload object.</param>
public sealed record EvmPermit2Payload(JsonElement Json) : EvmChargePayload
{
    /// <inheritdoc />
    public override string Type => EvmCredentialTypes.Permit2;

    /// <summary>Value equality by JSON content.</summary>
    /// <param name="other">The other payload.</param>
    /// <returns><see langword="true"/> when the JSON values are equal.</returns>
    public bool Equals(EvmPermit2Payload? other) => other is not null && JsonElement.DeepEquals(Json, other.Json);

    /// <inheritdoc />
    public override int GetHashCode() => Type.GetHashCode(StringComparison.Ordinal);

    /// <summary>A log-safe summary: never the signature.</summary>
    /// <returns>The type only.</returns>
    public override string ToString() => $"{Type} payload";

    internal static EvmPermit2Payload Read(JsonElement payload)
    {
        var signature = JsonRead.RequiredString(payload, "signature");
        if (!Hex.TryDecode(signature, out _))
            throw JsonRead.Invalid("signature", "must be 0x-prefixed hex");
        JsonRead.RequiredObject(payload, "permit");
        JsonRead.RequiredObject(payload, "witness");
        if (JsonRead.OptionalArray(payload, "transferDetails") is null)
            throw JsonRead.Missing("transferDetails");
        return new EvmPermit2Payload(payload.Clone());
    }

    /// <inheritdoc />
    protected override void WriteTo(Utf8JsonWriter writer) => Json.WriteTo(writer);
}
