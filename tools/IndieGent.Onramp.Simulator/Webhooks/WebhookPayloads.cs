using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;

namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>Builds the events of a purchase, each with its own event id, serialized once.</summary>
public static class WebhookPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookEvent Event(string eventType, OnrampSession session, OnrampTransaction transaction, EvmAddress token)
    {
        var terms = transaction.Terms;
        var payload = new WebhookPayload(
            eventType,
            transaction.TransactionId.ToString(),
            transaction.Status,
            session.PurchaseCurrency,
            session.DestinationNetwork,
            TransactionFields.Usdc(terms.PurchaseAmount),
            TransactionFields.Usd(terms.PaymentTotal),
            TransactionFields.Usd(terms.PaymentTotal),
            TransactionFields.Usd(terms.PaymentSubtotal),
            TransactionFields.Usd(terms.ExchangeFee),
            TransactionFields.Usd(terms.NetworkFee),
            TransactionFields.Rate(terms.ExchangeRate),
            transaction.TxHash ?? "",
            TransactionFields.Timestamp(transaction.CreatedAt),
            TransactionFields.Timestamp(transaction.CompletedAt),
            TransactionFields.Country(session),
            TransactionFields.UserId(session),
            TransactionFields.PaymentMethod(session),
            session.DestinationAddress.ToChecksumHex(),
            TransactionFields.TypeBuyAndSend,
            TransactionFields.UserTypeGuest,
            session.PartnerUserRef ?? "",
            token.ToChecksumHex(),
            transaction.FailureReason,
            "",
            TransactionFields.ErrorCodeUnspecified);
        return new WebhookEvent(Guid.NewGuid(), eventType, JsonSerializer.SerializeToUtf8Bytes(payload, Json));
    }
}
