using IndieGent.Contracts.Transfers;

namespace IndieGent.Ledger.Api.Transfers;

/// <summary>A validated transfer request of <paramref name="OperatorId"/> between its treasury and its agent <paramref name="AgentId"/>.</summary>
public sealed record TransferRequest(Guid TransferId, Guid OperatorId, Guid AgentId, TransferDirection Direction, long Amount, string IdempotencyKey);
