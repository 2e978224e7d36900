using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using IndieGent.Chain;

namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>
/// Checks a session request the way the cdp-sdk OpenAPI describes <c>createOnrampSession</c>:
/// three required fields, at most one of the two amounts, a currency with an amount, and a quote
/// only with a payment method and a country (and a state in the US). The simulator sells only
/// USDC for USD on <see cref="Extensions.SimulatorOptions.Network"/>.
/// </summary>
public static class SessionRequestValidator
{
    public const string SupportedPurchaseCurrency = "USDC";
    public const string SupportedPaymentCurrency = "USD";
    private const string UnitedStates = "US";

    /// <summary>USD amounts are in cents at most.</summary>
    public const int PaymentAmountDecimals = 2;

    /// <summary>The <c>OnrampQuotePaymentMethodTypeId</c> enum of the OpenAPI.</summary>
    public static readonly IReadOnlySet<string> PaymentMethods =
        new HashSet<string>(["CARD", "ACH", "APPLE_PAY", "PAYPAL", "FIAT_WALLET", "CRYPTO_WALLET"], StringComparer.Ordinal);

    public static bool TryValidate(
        OnrampSessionRequest request,
        string network,
        [NotNullWhen(true)] out ValidSessionRequest? valid,
        [NotNullWhen(false)] out string? error)
    {
        valid = null;
        error = Check(request, network, out var destination, out var terms, out var redirect);
        if (error is not null)
            return false;

        var wantsQuote = terms is not null && request.PaymentMethod is not null && request.Country is not null;
        valid = new ValidSessionRequest(destination, network, SupportedPurchaseCurrency, SupportedPaymentCurrency, terms, wantsQuote,
            request.PaymentMethod, request.Country, request.PartnerUserRef, redirect);
        return true;
    }

    private static string? Check(OnrampSessionRequest request, string network, out EvmAddress destination, out PurchaseTerms? terms, out Uri? redirect)
    {
        destination = default;
        terms = null;
        redirect = null;
        if (string.IsNullOrEmpty(request.DestinationAddress) || string.IsNullOrEmpty(request.PurchaseCurrency) || string.IsNullOrEmpty(request.DestinationNetwork))
            return "Missing required parameters.";
        if (!string.Equals(request.DestinationNetwork, network, StringComparison.OrdinalIgnoreCase))
            return $"The destination network '{request.DestinationNetwork}' is not supported (this simulator serves '{network}').";
        if (!string.Equals(request.PurchaseCurrency, SupportedPurchaseCurrency, StringComparison.OrdinalIgnoreCase))
            return $"The purchase currency '{request.PurchaseCurrency}' is not supported (this simulator sells {SupportedPurchaseCurrency}).";
        if (!EvmAddress.TryParse(request.DestinationAddress, out destination))
            return "The destination address is not valid for the specified network.";
        if (request.RedirectUrl is not null && !Uri.TryCreate(request.RedirectUrl, UriKind.Absolute, out redirect))
            return "The redirect URL is not a valid URI.";
        if (request.PaymentMethod is not null && !PaymentMethods.Contains(request.PaymentMethod))
            return $"The payment method '{request.PaymentMethod}' is not valid.";
        return CheckAmount(request, out terms);
    }

    private static string? CheckAmount(OnrampSessionRequest request, out PurchaseTerms? terms)
    {
        terms = null;
        if (request.PaymentAmount is not null && request.PurchaseAmount is not null)
            return "Only one of paymentAmount or purchaseAmount may be provided, not both.";
        var amount = request.PaymentAmount ?? request.PurchaseAmount;
        if (amount is null)
            return request.PaymentCurrency is not null && !IsUsd(request.PaymentCurrency) ? UnsupportedPaymentCurrency(request.PaymentCurrency) : null;
        if (request.PaymentCurrency is null)
            return "paymentCurrency is required with paymentAmount or purchaseAmount.";
        if (!IsUsd(request.PaymentCurrency))
            return UnsupportedPaymentCurrency(request.PaymentCurrency);

        var decimals = request.PaymentAmount is not null ? PaymentAmountDecimals : PurchaseTerms.UsdcDecimals;
        if (!TryParseAmount(amount, decimals, out var value))
            return $"The amount '{amount}' is not a positive decimal with at most {decimals} decimals.";
        terms = request.PaymentAmount is not null ? FeeSchedule.ForPayment(value) : FeeSchedule.ForPurchase(value);
        if (terms is null)
            return "The payment amount does not cover the fees.";
        return request.PaymentMethod is not null && string.Equals(request.Country, UnitedStates, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(request.Subdivision)
            ? "subdivision is required for a quote in the US."
            : null;
    }

    /// <summary>A positive decimal string with at most <paramref name="decimals"/> decimals (Coinbase sends amounts as strings).</summary>
    public static bool TryParseAmount(string text, int decimals, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && value > 0
        && value.Scale <= decimals;

    private static bool IsUsd(string currency) => string.Equals(currency, SupportedPaymentCurrency, StringComparison.OrdinalIgnoreCase);

    private static string UnsupportedPaymentCurrency(string currency) =>
        $"The payment currency '{currency}' is not supported (this simulator takes {SupportedPaymentCurrency}).";
}
