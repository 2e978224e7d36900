namespace IndieGent.Ledger.Api.Transfers;

/// <summary>Scheduled by the transfer saga: Settlement has not reported the transfer's next step in time.</summary>
public sealed record TransferOverdue(Guid TransferId);
