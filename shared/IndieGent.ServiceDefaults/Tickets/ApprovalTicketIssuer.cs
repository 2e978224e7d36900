using System.Security.Cryptography;
using IndieGent.Contracts.Payments;

namespace IndieGent.ServiceDefaults.Tickets;

/// <summary>The Ledger's side: signs approval tickets with its private key.</summary>
public sealed class ApprovalTicketIssuer(string keyId, ECDsa key)
{
    public string Issue(ApprovalTicket ticket) => ApprovalTicketCodec.Sign(ticket, keyId, key);
}
