using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IndieGent.Onramp.Simulator.Coinbase;
using IndieGent.Onramp.Simulator.Sessions;

namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>
/// The values a transaction shows the same way in webhooks (camelCase) and in the v1 status API
/// (snake_case): enum names, timestamps and amounts as Coinbase writes them.
/// </summary>
public static class TransactionFields
{
    public const string TypeBuyAndSend = "ONRAMP_TRANSACTION_TYPE_BUY_AND_SEND";
    public const string UserTypeGuest = "USER_TYPE_GUEST";
    public const string ErrorCodeUnspecified = "ERROR_CODE_UNSPECIFIED";
    public const string DefaultCountry = "US";

    /// <summary>protojson's zero timestamp: Coinbase sends it as <c>completedAt</c> of a transaction still under way.</summary>
    public const string ZeroTimestamp = "0001-01-01T00:00:00Z";

    // The webhook's paymentMethod enum differs from the session request's.
    private static readonly Dictionary<string, string> PaymentMethodNames = new(StringComparer.Ordinal)
    {
        ["CARD"] = "CARD",
        ["ACH"] = "ACH_BANK_ACCOUNT",
        ["APPLE_PAY"] = "APPLE_PAY",
        ["PAYPAL"] = "PAYPAL",
        ["FIAT_WALLET"] = "FIAT_WALLET",
        ["CRYPTO_WALLET"] = "CRYPTO_ACCOUNT",
    };

    private const string GuestCard = "GUEST_CHECKOUT_CARD";

    // A user id is a hash on Coinbase (the entity hash for a guest): 16 bytes, hex.
    private const int UserIdBytes = 16;

    public static string PaymentMethod(OnrampSession session) =>
        session.PaymentMethod is { } method && PaymentMethodNames.TryGetValue(method, out var name) ? name : GuestCard;

    public static string UserId(OnrampSession session) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(session.PartnerUserRef ?? session.Id))[..UserIdBytes]);

    public static string Country(OnrampSession session) => session.Country ?? DefaultCountry;

    public static string Timestamp(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : ZeroTimestamp;

    public static MoneyAmount Usd(decimal value) => new(SessionRequestValidator.SupportedPaymentCurrency, PurchaseTerms.Usd(value));

    public static MoneyAmount Usdc(decimal value) => new(SessionRequestValidator.SupportedPurchaseCurrency, PurchaseTerms.Usdc(value));

    /// <summary>The rate as a MoneyAmount: USDC per USD.</summary>
    public static MoneyAmount Rate(decimal value) => new(SessionRequestValidator.SupportedPurchaseCurrency, PurchaseTerms.Rate(value));
}
