using System.Text.Json;
using System.Text.RegularExpressions;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// An operation's <c>x-payment-info</c> (draft section "Payment Extension: x-payment-info"): either the
/// multi-offer form <c>{"offers": [offer, …]}</c> (one or more) or the single-offer shorthand, an offer's
/// fields directly, read as one offer. Mixing the two is refused (the draft's schema is a <c>oneOf</c>).
/// Each offer per section "Payment Offer Object".
/// </summary>
internal static partial class PaymentInfoReader
{
    private static readonly string[] OfferFields = ["intent", "method", "amount", "currency", "description"];

    private static readonly string[] DraftIntents = [DiscoveredOffer.ChargeIntent, DiscoveredOffer.SessionIntent];

    public static IReadOnlyList<DiscoveredOffer> Read(JsonElement paymentInfo, string pointer, IssueLog log)
    {
        if (paymentInfo.ValueKind != JsonValueKind.Object)
        {
            log.Error(pointer, $"'x-payment-info' must be an object (one offer, or {{\"offers\": [...]}}), not {JsonMembers.Describe(paymentInfo)}.");
            return [];
        }
        if (!paymentInfo.TryGetProperty("offers", out var offers))
        {
            var offer = ReadOffer(paymentInfo, pointer, log);
            return offer is null ? [] : [offer];
        }

        var offersPointer = JsonPointer.Append(pointer, "offers");
        var mixed = OfferFields.Where(field => paymentInfo.TryGetProperty(field, out _)).ToList();
        if (mixed.Count > 0)
            log.Error(pointer, $"'x-payment-info' has both 'offers' and the single-offer fields {string.Join(", ", mixed.Select(f => $"'{f}'"))}; use one form ({IssueLog.Draft}, section \"Payment Extension: x-payment-info\").");
        if (offers.ValueKind != JsonValueKind.Array)
        {
            log.Error(offersPointer, $"'offers' must be an array of offers, not {JsonMembers.Describe(offers)}.");
            return [];
        }
        if (offers.GetArrayLength() == 0)
        {
            log.Error(offersPointer, $"'offers' must hold at least one offer ({IssueLog.Draft}, section \"Payment Extension: x-payment-info\").");
            return [];
        }
        var read = new List<DiscoveredOffer>();
        var index = 0;
        foreach (var item in offers.EnumerateArray())
            if (ReadOffer(item, JsonPointer.Append(offersPointer, index++), log) is { } offer) read.Add(offer);
        return read;
    }

    private static DiscoveredOffer? ReadOffer(JsonElement offer, string pointer, IssueLog log)
    {
        if (offer.ValueKind != JsonValueKind.Object)
        {
            log.Error(pointer, $"An offer must be an object, not {JsonMembers.Describe(offer)}.");
            return null;
        }
        var errorsBefore = log.Errors.Count;
        var intent = ReadToken(offer, "intent", pointer, Intent(), "a lowercase intent identifier such as \"charge\" or \"session\"", log);
        if (intent is not null && !DraftIntents.Contains(intent))
            log.Warn(JsonPointer.Append(pointer, "intent"), $"The intent {Excerpt.Quote(intent)} is neither \"charge\" nor \"session\", the intents {IssueLog.Draft} lists; clients that do not know it will not pay it.");
        var method = ReadToken(offer, "method", pointer, Method(), "a payment method identifier of lowercase letters such as \"evm\" or \"tempo\"", log);
        var amount = ReadAmount(offer, pointer, log);
        var currency = JsonMembers.OptionalString(offer, "currency", pointer, log);
        if (currency is not null && string.IsNullOrWhiteSpace(currency))
            log.Error(JsonPointer.Append(pointer, "currency"), "'currency' must not be empty: a token contract address, or an ISO 4217 code for fiat.");
        var description = JsonMembers.OptionalString(offer, "description", pointer, log);

        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in offer.EnumerateObject())
            if (!OfferFields.Contains(member.Name)) extensions[member.Name] = member.Value.GetRawText();

        if (log.Errors.Count > errorsBefore) return null;
        return new DiscoveredOffer(intent!, method!, amount, currency, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), extensions);
    }

    private static string? ReadToken(JsonElement offer, string name, string pointer, Regex format, string expected, IssueLog log)
    {
        var value = JsonMembers.RequiredString(offer, name, pointer, log, $"every offer names its {name} ({IssueLog.Draft}, section \"Payment Offer Object\").");
        if (value is null || format.IsMatch(value)) return value;
        log.Error(JsonPointer.Append(pointer, name), $"{Excerpt.Quote(value)} is not {expected}.");
        return null;
    }

    /// <summary>REQUIRED, but may be null ("dynamic pricing"); else base-unit digits.</summary>
    private static string? ReadAmount(JsonElement offer, string pointer, IssueLog log)
    {
        var amountPointer = JsonPointer.Append(pointer, "amount");
        if (!offer.TryGetProperty("amount", out var value))
        {
            log.Error(amountPointer, $"'amount' is missing: it is required, as base units in a string, or null for dynamic pricing ({IssueLog.Draft}, section \"Payment Offer Object\").");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            log.Error(amountPointer, $"'amount' must be a string of base-unit digits such as \"500\", or null for dynamic pricing, not {JsonMembers.Describe(value)}{JsonMembers.YamlHint(value)}.");
            return null;
        }
        var amount = value.GetString()!;
        if (BaseUnits.Problem(amount) is { } problem)
            log.Error(amountPointer, $"The amount {Excerpt.Quote(amount)} {problem} ({IssueLog.Draft}, section \"Payment Offer Object\").");
        return amount;
    }

    // Core draft, "Intent Identifiers": 1*( ALPHA / DIGIT / "-" ); the intent registry holds lowercase names.
    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex Intent();

    // Core draft, "Method Identifier Format": payment-method-id = 1*LOWERALPHA.
    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex Method();
}
