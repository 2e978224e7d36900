using IndieGent.Ledger.Accounts;

namespace IndieGent.Ledger.Api.Transfers;

/// <summary>What a transfer request came to on the request path.</summary>
public sealed record TransferDecision(TransferDecisionKind Kind, TransferState? Transfer = null, DenialReason? Denial = null, string? Detail = null);

public enum TransferDecisionKind
{
    /// <summary>Held on the source, the saga started and Settlement asked, in one commit.</summary>
    Accepted,

    /// <summary>The same request again: where the transfer stands.</summary>
    Known,

    /// <summary>The Idempotency-Key names a transfer with other content.</summary>
    KeyReused,

    /// <summary>No agent of this operator has that id.</summary>
    AgentNotFound,

    /// <summary>The operator's treasury account is not open yet.</summary>
    TreasuryNotReady,

    /// <summary>The source cannot pay (or is disabled): nothing held, nothing recorded.</summary>
    Refused,
}
