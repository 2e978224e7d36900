using IndieGent.Ledger.Accounts;
using JasperFx.Events;
using Marten.Events.Projections;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>One <see cref="PaymentRecord"/> per payment id, updated inline from the account streams.</summary>
public sealed class PaymentRecordProjection : MultiStreamProjection<PaymentRecord, Guid>
{
    public PaymentRecordProjection()
    {
        Identity<HoldPlaced>(e => e.PaymentId);
        Identity<HoldApproved>(e => e.PaymentId);
        Identity<HoldCaptured>(e => e.PaymentId);
        Identity<HoldVoided>(e => e.PaymentId);
        Identity<CaptureReopened>(e => e.PaymentId);
        Identity<ReservationDenied>(e => e.PaymentId);
    }

    public override PaymentRecord? Evolve(PaymentRecord? snapshot, Guid id, IEvent e) => e.Data switch
    {
        HoldPlaced h => new PaymentRecord(h.PaymentId, h.AgentId, h.Amount, h.Recipient, h.Host, h.ChallengeId,
            h.AwaitingApproval ? PaymentLedgerStatus.AwaitingApproval : PaymentLedgerStatus.Held, null, null, null, null, h.At, h.At),
        ReservationDenied d => new PaymentRecord(d.PaymentId, d.AgentId, d.Amount, d.Recipient, d.Host, null,
            PaymentLedgerStatus.Denied, d.Reason.ToString(), d.Detail, null, null, d.At, d.At),
        HoldApproved a when snapshot is not null => snapshot with { Status = PaymentLedgerStatus.Held, UpdatedAt = a.At },
        HoldCaptured c when snapshot is not null => snapshot with
        {
            Status = PaymentLedgerStatus.Captured, Amount = c.Amount, TxHash = c.TxHash, BlockNumber = c.BlockNumber, UpdatedAt = c.At,
        },
        // Its transaction left the chain: held again until the chain settles it anew or it fails.
        CaptureReopened r when snapshot is not null => snapshot with
        {
            Status = PaymentLedgerStatus.Held, Amount = r.Amount, TxHash = null, BlockNumber = null, Detail = $"reorganised out of {r.TxHash}", UpdatedAt = r.At,
        },
        HoldVoided v when snapshot is not null => snapshot with { Status = PaymentLedgerStatus.Voided, Detail = v.Reason, UpdatedAt = v.At },
        _ => snapshot,
    };
}
