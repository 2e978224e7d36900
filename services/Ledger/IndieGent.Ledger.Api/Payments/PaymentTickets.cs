using IndieGent.Contracts.Payments;
using IndieGent.ServiceDefaults.Tickets;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>Issues the approval ticket of a payment whose funds are held and approved: exactly its stored terms.</summary>
public sealed class PaymentTickets(ApprovalTicketIssuer issuer, IOptions<PaymentSagaOptions> options, TimeProvider time)
{
    public string For(PaymentState saga)
    {
        var terms = saga.Terms ?? throw new InvalidOperationException($"Payment {saga.CorrelationId} has no terms.");
        var now = time.GetUtcNow();
        return issuer.Issue(new ApprovalTicket(saga.CorrelationId, saga.AgentId, terms.ChainId, terms.Currency, terms.Recipient,
            saga.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), terms.CredentialType, now, now + options.Value.TicketLifetime,
            terms.Spender, terms.Splits));
    }
}
