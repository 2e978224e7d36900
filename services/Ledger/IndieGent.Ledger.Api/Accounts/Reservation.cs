namespace IndieGent.Ledger.Api.Accounts;

/// <summary>The reservation decision for a payment: held (possibly awaiting the operator) or denied with a stable reason.</summary>
public sealed record Reservation(bool Approved, bool AwaitingApproval, string? Reason, string? Detail)
{
    public static Reservation Held(bool awaitingApproval) => new(true, awaitingApproval, null, null);

    public static Reservation Denied(string reason, string detail) => new(false, false, reason, detail);
}
