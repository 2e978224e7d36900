using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>The <c>payload</c> of an evm charge credential, discriminated by <c>type</c>.</summary>
public abstract record EvmChargePayload
{
    private protected EvmChargePayload()
    {
    }

    /// <summary>The <c>type</c> member (see <see cref="EvmCredentialTypes"/>).</summary>
    public abstract string Type { get; }

    /// <summary>Reads a credential payload.</summary>
    /// <param name="payload">The credential's payload object; held to the same rules as the wire form (no repeated member name, no escaped lone surrogate).</param>
    /// <returns>The typed payload.</returns>
    /// <exception cref="PaymentProtocolException">When the JSON repeats a member name or escapes a lone surrogate, <c>type</c> is missing or unknown, or a member is invalid.</exception>
    public static EvmChargePayload Parse(JsonElement payload)
    {
        return Read(JsonInput.ReparsePayload(payload));
    }

    /// <summary>Reads the payload of a credential.</summary>
    /// <param name="credential">The credential.</param>
    /// <returns>The typed payload.</returns>
    /// <exception cref="PaymentProtocolException">When the payload is invalid.</exception>
    public static EvmChargePayload FromCredential(PaymentCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Read(credential.Payload);
    }

    /// <summary>The payload as a JSON object for <see cref="PaymentCredential"/>.</summary>
    /// <returns>A standalone JSON element.</returns>
    public JsonElement ToJsonElement() => JsonInput.Parse(PaymentJson.Write(WriteTo), "payload");

    /// <summary>Writes the payload object.</summary>
    /// <param name="writer">The writer.</param>
    protected abstract void WriteTo(Utf8JsonWriter writer);

    private static EvmChargePayload Read(JsonElement payload) =>
        JsonRead.RequiredString(payload, "type") switch
        {
            EvmCredentialTypes.Authorization => EvmAuthorizationPayload.Read(payload),
            EvmCredentialTypes.Transaction => EvmTransactionPayload.Read(payload),
            EvmCredentialTypes.Hash => EvmHashPayload.Read(payload),
            EvmCredentialTypes.Permit2 => EvmPermit2Payload.Read(payload),
            _ => throw JsonRead.Invalid("type", "must be permit2, authorization, transaction or hash"),
        };
}
