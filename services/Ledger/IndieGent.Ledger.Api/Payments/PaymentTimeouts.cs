namespace IndieGent.Ledger.Api.Payments;

/// <summary>Scheduled by the saga: the operator did not decide within the approval window.</summary>
public sealed record ApprovalWindowClosed(Guid PaymentId);

/// <summary>Scheduled by the saga: Settlement has not reported the payment's next step in time.</summary>
public sealed record SettlementOverdue(Guid PaymentId);
