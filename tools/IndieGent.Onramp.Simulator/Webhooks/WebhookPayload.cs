using IndieGent.Onramp.Simulator.Coinbase;

namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>
/// The body of an onramp webhook, <c>OnrampTransactionPayload</c> of the cdp-sdk OpenAPI (protojson
/// of Coinbase's OnrampTransaction with <c>eventType</c> appended): camelCase, every field present.
/// </summary>
public sealed record WebhookPayload(
    string EventType,
    string TransactionId,
    string Status,
    string PurchaseCurrency,
    string PurchaseNetwork,
    MoneyAmount PurchaseAmount,
    MoneyAmount PaymentTotal,
    MoneyAmount PaymentTotalUsd,
    MoneyAmount PaymentSubtotal,
    MoneyAmount CoinbaseFee,
    MoneyAmount NetworkFee,
    MoneyAmount ExchangeRate,
    string TxHash,
    string CreatedAt,
    string CompletedAt,
    string Country,
    string UserId,
    string PaymentMethod,
    string WalletAddress,
    string Type,
    string UserType,
    string PartnerUserRef,
    string ContractAddress,
    string FailureReason,
    string EndPartnerName,
    string ErrorCode);
