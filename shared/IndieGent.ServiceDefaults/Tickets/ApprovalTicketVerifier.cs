using System.Security.Cryptography;
using IndieGent.Contracts.Payments;

namespace IndieGent.ServiceDefaults.Tickets;

/// <summary>The Wallet's side: reads a ticket only when a trusted Ledger key signed it.</summary>
public sealed class ApprovalTicketVerifier(IReadOnlyDictionary<string, ECDsa> keys)
{
    /// <summary>The verified ticket, or null with the reason in <paramref name="problem"/>.</summary>
    public ApprovalTicket? Verify(string? ticket, out string problem) => ApprovalTicketCodec.Verify(ticket, keys, out problem);
}
