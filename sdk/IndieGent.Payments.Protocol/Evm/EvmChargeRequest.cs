using System.Numerics;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// The <c>request</c> of an <c>evm</c>/<c>charge</c> challenge (draft-evm-charge §Request Schema):
/// <c>{amount, currency, recipient, description?, externalId?, methodDetails: {chainId, credentialTypes?,
/// decimals?, permit2Address?, splits?}}</c>. Amounts are canonical decimal uint256 strings; addresses
/// are compared as 20-byte values. Unknown members are ignored.
/// </summary>
/// <param name="Amount">Total base units the payer sends.</param>
/// <param name="Currency">The ERC-20 token contract.</param>
/// <param name="Recipient">The primary recipient.</param>
/// <param name="MethodDetails">Chain and credential details.</param>
/// <param name="Description">Display text.</param>
/// <param name="ExternalId">The merchant reference.</param>
public sealed record EvmChargeRequest(
    BigInteger Amount,
    EvmAddress Currency,
    EvmAddress Recipient,
    EvmMethodDetails MethodDetails,
    string? Description = null,
    string? ExternalId = null)
{
    /// <summary>The method identifier.</summary>
    public const string Method = "evm";

    /// <summary>The intent identifier.</summary>
    public const string Intent = "charge";

    /// <summary>The most splits accepted (the draft's server limit; a client refuses longer lists).</summary>
    public const int MaxSplits = 10;

    /// <summary>Reads the request of an <c>evm</c>/<c>charge</c> challenge.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <returns>The request.</returns>
    /// <exception cref="PaymentProtocolException">When the challenge is not evm/charge or its request is invalid.</exception>
    public static EvmChargeRequest FromChallenge(PaymentChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (challenge.Method != Method || challenge.Intent != Intent)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The challenge is not an evm charge.", "method");
        return Read(challenge.RequestJson);
    }

    /// <summary>Reads and validates a request object.</summary>
    /// <param name="request">The decoded request JSON; held to the same rules as the wire form (no repeated member name, no escaped lone surrogate).</param>
    /// <returns>The request.</returns>
    /// <exception cref="PaymentProtocolException">When the JSON repeats a member name or escapes a lone surrogate, a member is missing or invalid, or the splits are not strictly less than the amount.</exception>
    public static EvmChargeRequest Parse(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "The request must be a JSON object.", "request");
        return Read(JsonInput.Reparse(request, "request"));
    }

    private static EvmChargeRequest Read(JsonElement request)
    {
        var amount = JsonRead.RequiredUInt256(request, "amount");
        var currency = EvmAddress.Parse(JsonRead.RequiredString(request, "currency"), "currency");
        var recipient = EvmAddress.Parse(JsonRead.RequiredString(request, "recipient"), "recipient");
        var description = JsonRead.OptionalString(request, "description");
        var externalId = JsonRead.OptionalString(request, "externalId");
        var details = JsonRead.RequiredObject(request, "methodDetails");

        var chainId = JsonRead.RequiredInt64(details, "chainId", 1, EvmMethodDetails.MaxChainId);
        var decimals = (int?)JsonRead.OptionalInt64(details, "decimals", 0, 77);
        EvmAddress? permit2 = JsonRead.OptionalString(details, "permit2Address") is { } p ? EvmAddress.Parse(p, "permit2Address") : null;
        EvmAddress? spender = JsonRead.OptionalString(details, "spender") is { } s ? EvmAddress.Parse(s, "spender") : null;

        List<string>? credentialTypes = null;
        if (JsonRead.OptionalArray(details, "credentialTypes") is { } types)
        {
            credentialTypes = [];
            foreach (var type in types.EnumerateArray())
                credentialTypes.Add(JsonRead.StringValue(type, "credentialTypes"));
            if (credentialTypes.Count == 0)
                throw JsonRead.Invalid("credentialTypes", "must not be empty");
        }

        List<EvmSplit>? splits = null;
        if (JsonRead.OptionalArray(details, "splits") is { } splitArray)
        {
            splits = [];
            var total = BigInteger.Zero;
            foreach (var entry in splitArray.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                    throw JsonRead.Invalid("splits", "must hold objects");
                if (splits.Count == MaxSplits)
                    throw JsonRead.Invalid("splits", $"must not exceed {MaxSplits} entries");
                var memo = JsonRead.OptionalString(entry, "memo");
                if (memo is { Length: > 256 })
                    throw JsonRead.Invalid("memo", "must not exceed 256 characters");
                var split = new EvmSplit(
                    EvmAddress.Parse(JsonRead.RequiredString(entry, "recipient"), "recipient"),
                    JsonRead.RequiredUInt256(entry, "amount"),
                    memo);
                total += split.Amount;
                splits.Add(split);
            }

            if (splits.Count == 0)
                throw JsonRead.Invalid("splits", "must not be empty when present");
            if (total >= amount)
                throw JsonRead.Invalid("splits", "must sum to strictly less than the amount");
        }

        return new EvmChargeRequest(amount, currency, recipient, new EvmMethodDetails(chainId, credentialTypes, decimals, permit2, splits, spender), description, externalId);
    }

    /// <summary>The request as JCS JSON (UTF-8), ready for <see cref="ChallengeIdBinder.Issue"/>.</summary>
    /// <returns>Canonical UTF-8 JSON.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the chain id or an amount is outside its JSON-safe range.</exception>
    public byte[] ToJson()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MethodDetails.ChainId, 1, nameof(MethodDetails));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MethodDetails.ChainId, EvmMethodDetails.MaxChainId, nameof(MethodDetails));
        var json = PaymentJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("amount", UInt256Text.Format(Amount));
            writer.WriteString("currency", Currency.ToString());
            writer.WriteString("recipient", Recipient.ToString());
            if (Description is not null)
                writer.WriteString("description", Description);
            if (ExternalId is not null)
                writer.WriteString("externalId", ExternalId);
            writer.WritePropertyName("methodDetails");
            writer.WriteStartObject();
            writer.WriteNumber("chainId", MethodDetails.ChainId);
            if (MethodDetails.CredentialTypes is { } types)
            {
                writer.WriteStartArray("credentialTypes");
                foreach (var type in types)
                    writer.WriteStringValue(type);
                writer.WriteEndArray();
            }

            if (MethodDetails.Decimals is { } decimals)
                writer.WriteNumber("decimals", decimals);
            if (MethodDetails.Permit2Address is { } permit2)
                writer.WriteString("permit2Address", permit2.ToString());
            if (MethodDetails.Spender is { } spender)
                writer.WriteString("spender", spender.ToString());
            if (MethodDetails.Splits is { } splits)
            {
                writer.WriteStartArray("splits");
                foreach (var split in splits)
                {
                    writer.WriteStartObject();
                    writer.WriteString("amount", UInt256Text.Format(split.Amount));
                    if (split.Memo is not null)
                        writer.WriteString("memo", split.Memo);
                    writer.WriteString("recipient", split.Recipient.ToString());
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return JsonCanonicalizer.Canonicalize(json);
    }
}
