namespace IndieGent.Wallet.Signing;

/// <summary>
/// The Wallet's record of one payment (id = payment id): the terms it was requested with and the
/// Ledger's decision. Messages arrive in any order, so either half may be missing for a while;
/// only both together, with <see cref="Approved"/>, allow a signature.
/// </summary>
public sealed record PaymentApproval(Guid Id, Guid AgentId, ApprovedTerms? Terms, bool? Approved, DateTimeOffset? DecidedAt)
{
    public bool AllowsSigning => Terms is not null && Approved == true;
}
