using IndieGent.Onramp.Simulator.Coinbase;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;

namespace IndieGent.Onramp.Simulator.Status;

/// <summary>
/// One transaction of the v1 Transaction Status API (<c>OnrampTransaction</c>), serialized
/// snake_case: <c>status</c>, <c>purchase_amount</c>, <c>tx_hash</c>, <c>partner_user_ref</c>…
/// </summary>
public sealed record TransactionStatusView(
    string Status,
    string PurchaseCurrency,
    string PurchaseNetwork,
    MoneyAmount PurchaseAmount,
    MoneyAmount PaymentTotal,
    MoneyAmount PaymentSubtotal,
    MoneyAmount PaymentTotalUsd,
    MoneyAmount CoinbaseFee,
    MoneyAmount NetworkFee,
    MoneyAmount ExchangeRate,
    string Country,
    string UserId,
    string UserType,
    string PaymentMethod,
    string TxHash,
    string TransactionId,
    string WalletAddress,
    string ContractAddress,
    string Type,
    string CreatedAt,
    string CompletedAt,
    string FailureReason,
    string EndPartnerName,
    string PartnerUserRef)
{
    public static TransactionStatusView From(OnrampSession session, OnrampTransaction transaction, string contractAddress)
    {
        var terms = transaction.Terms;
        return new TransactionStatusView(
            transaction.Status,
            session.PurchaseCurrency,
            session.DestinationNetwork,
            TransactionFields.Usdc(terms.PurchaseAmount),
            TransactionFields.Usd(terms.PaymentTotal),
            TransactionFields.Usd(terms.PaymentSubtotal),
            TransactionFields.Usd(terms.PaymentTotal),
            TransactionFields.Usd(terms.ExchangeFee),
            TransactionFields.Usd(terms.NetworkFee),
            TransactionFields.Rate(terms.ExchangeRate),
            TransactionFields.Country(session),
            TransactionFields.UserId(session),
            TransactionFields.UserTypeGuest,
            TransactionFields.PaymentMethod(session),
            transaction.TxHash ?? "",
            transaction.TransactionId.ToString(),
            session.DestinationAddress.ToChecksumHex(),
            contractAddress,
            TransactionFields.TypeBuyAndSend,
            TransactionFields.Timestamp(transaction.CreatedAt),
            TransactionFields.Timestamp(transaction.CompletedAt),
            transaction.FailureReason,
            "",
            session.PartnerUserRef ?? "");
    }
}
