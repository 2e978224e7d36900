using System.Globalization;
using System.Numerics;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// A "Payment Offer Object" (draft-payment-discovery-00, section "Payment Offer Object"): one
/// alternative way to pay for an operation, each matching a runtime Payment challenge.
/// </summary>
/// <param name="Intent">
/// <c>intent</c> (REQUIRED): <c>"charge"</c> (per request) or <c>"session"</c> (pay-as-you-go) in the
/// draft. Any lowercase intent token (core draft, "Intent Identifiers") is kept, with a warning when
/// it is neither, because the intent registry grows (e.g. <c>subscription</c>).
/// </param>
/// <param name="Method"><c>method</c> (REQUIRED): the payment method identifier, lowercase letters (core draft, "Method Identifier Format"), e.g. <c>evm</c>, <c>tempo</c>, <c>stripe</c>.</param>
/// <param name="Amount">
/// <c>amount</c> (REQUIRED, string or null): base units of the currency as ASCII digits without
/// leading zeros (here also at most 2^256 − 1); <see langword="null"/> means dynamic pricing.
/// </param>
/// <param name="Currency"><c>currency</c> (OPTIONAL): a token contract address for blockchain methods, an ISO 4217 code for fiat. Kept as written: the draft's own examples use non-address values.</param>
/// <param name="Description"><c>description</c> (OPTIONAL): a human-readable pricing note.</param>
/// <param name="Extensions">
/// Members the draft does not define, as raw JSON text by name. The draft's appendix schema forbids
/// them, but servers built with mppx add their method's request fields (e.g. <c>recipient</c>), and the
/// 402 challenge decides anyway; they are kept, not interpreted.
/// </param>
public sealed record DiscoveredOffer(
    string Intent,
    string Method,
    string? Amount,
    string? Currency,
    string? Description,
    IReadOnlyDictionary<string, string> Extensions)
{
    /// <summary>The draft's per-request intent.</summary>
    public const string ChargeIntent = "charge";

    /// <summary>The draft's pay-as-you-go intent.</summary>
    public const string SessionIntent = "session";

    /// <summary>Whether the price depends on the request (<c>"amount": null</c>).</summary>
    public bool IsDynamic => Amount is null;

    /// <summary>The amount in base units, or <see langword="null"/> for dynamic pricing.</summary>
    public BigInteger? AmountValue => Amount is null ? null : BigInteger.Parse(Amount, NumberStyles.None, CultureInfo.InvariantCulture);
}
