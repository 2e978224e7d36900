using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;
using IndieGent.Onramp.Simulator.Webhooks;

namespace IndieGent.Onramp.Simulator.Apis;

/// <summary>What the control API shows tests of a session: its state, its transaction and every webhook attempt.</summary>
public sealed record SessionView(
    string SessionId,
    string State,
    string? TransactionId,
    string? TransactionStatus,
    string? TxHash,
    string? PartnerUserRef,
    string DestinationAddress,
    string? PurchaseAmount,
    IReadOnlyList<WebhookDelivery> Webhooks)
{
    /// <summary>A session nobody paid yet.</summary>
    public const string AwaitingPayment = "awaiting_payment";

    public const string Processing = "processing";
    public const string Succeeded = "success";
    public const string Failed = "failed";

    public static SessionView Of(OnrampSession session)
    {
        var transaction = session.Transaction;
        return new SessionView(
            session.Id,
            StateOf(transaction),
            transaction?.TransactionId.ToString(),
            transaction?.Status,
            transaction?.TxHash,
            session.PartnerUserRef,
            session.DestinationAddress.ToChecksumHex(),
            (transaction?.Terms ?? session.Terms) is { } terms ? PurchaseTerms.Usdc(terms.PurchaseAmount) : null,
            session.Deliveries);
    }

    private static string StateOf(OnrampTransaction? transaction) => transaction?.Status switch
    {
        null => AwaitingPayment,
        Purchases.TransactionStatus.Success => Succeeded,
        Purchases.TransactionStatus.Failed => Failed,
        _ => Processing,
    };
}
