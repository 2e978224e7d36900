using IndieGent.Chain;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Webhooks;

namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>
/// A session as created by the API: what the partner asked for never changes; the transaction
/// and the webhook deliveries do, under the session's lock, so concurrent "Pay"s and deliveries
/// see one consistent state.
/// </summary>
public sealed class OnrampSession
{
    private readonly Lock _gate = new();
    private readonly List<WebhookDelivery> _deliveries = [];
    private OnrampTransaction? _transaction;

    public required string Id { get; init; }
    public required EvmAddress DestinationAddress { get; init; }
    public required string DestinationNetwork { get; init; }
    public required string PurchaseCurrency { get; init; }
    public required string PaymentCurrency { get; init; }

    /// <summary>The quoted terms; null when the session was created without an amount (the user enters it at checkout).</summary>
    public PurchaseTerms? Terms { get; init; }

    public string? PaymentMethod { get; init; }
    public string? Country { get; init; }
    public string? PartnerUserRef { get; init; }
    public Uri? RedirectUrl { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public OnrampTransaction? Transaction
    {
        get { lock (_gate) return _transaction; }
    }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get { lock (_gate) return [.. _deliveries]; }
    }

    /// <summary>Starts the session's one purchase; false when it was already used (the URL is single-use).</summary>
    public bool TryBegin(OnrampTransaction transaction)
    {
        lock (_gate)
        {
            if (_transaction is not null)
                return false;
            _transaction = transaction;
            return true;
        }
    }

    /// <summary>Records the purchase's outcome.</summary>
    public void Complete(OnrampTransaction transaction)
    {
        lock (_gate)
            _transaction = transaction;
    }

    public void Record(WebhookDelivery delivery)
    {
        lock (_gate)
            _deliveries.Add(delivery);
    }
}
