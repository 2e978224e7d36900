using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Wallet.Signing;
using Marten;
using JasperFx;

namespace IndieGent.Wallet.Api.Signing;

/// <summary>
/// Records what the Wallet learns about a payment: its terms (from <see cref="PaymentRequested"/>)
/// and the Ledger's decision (from <see cref="CapChecked"/>). The two arrive in any order and may
/// be redelivered; each half is written once (first write wins) and later copies are ignored.
/// </summary>
public sealed class PaymentApprovals(IDocumentStore store, DecisionSignals signals, ILogger<PaymentApprovals> logger)
{
    private const int Attempts = 5;

    public Task RecordTermsAsync(Guid paymentId, Guid agentId, PaymentTerms terms, CancellationToken ct)
    {
        var approved = Normalise(terms);
        if (approved is null)
        {
            logger.LogWarning("Payment {PaymentId} has terms the signer cannot use; it will never be signed", paymentId);
            return Task.CompletedTask;
        }

        return UpsertAsync(paymentId, agentId,
            existing => existing.Terms is null ? existing with { Terms = approved } : null,
            () => new PaymentApproval(paymentId, agentId, approved, null, null), ct);
    }

    public async Task RecordDecisionAsync(Guid paymentId, Guid agentId, bool approved, DateTimeOffset at, CancellationToken ct)
    {
        await UpsertAsync(paymentId, agentId,
            existing => existing.Approved is null ? existing with { Approved = approved, DecidedAt = at } : null,
            () => new PaymentApproval(paymentId, agentId, null, approved, at), ct);
        signals.Recorded(paymentId);
    }

    private async Task UpsertAsync(
        Guid paymentId, Guid agentId, Func<PaymentApproval, PaymentApproval?> update, Func<PaymentApproval> create, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var existing = await session.LoadAsync<PaymentApproval>(paymentId, ct);
            if (existing is not null && existing.AgentId != agentId)
            {
                logger.LogWarning("Payment {PaymentId} was recorded for another agent; ignoring a message for {AgentId}", paymentId, agentId);
                return;
            }

            if (existing is null)
                session.Insert(create());
            else if (update(existing) is { } changed)
                session.Store(changed);
            else
                return;

            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (Exception e) when (attempt < Attempts && e is ConcurrencyException or DocumentAlreadyExistsException)
            {
                // The other half arrived at the same moment; reload and merge.
            }
        }
    }

    private static ApprovedTerms? Normalise(PaymentTerms terms) =>
        EvmAddress.TryParse(terms.Currency, out var token) && EvmAddress.TryParse(terms.Recipient, out var recipient) &&
        BigInteger.TryParse(terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            ? new ApprovedTerms(terms.ChainId, token.ToChecksumHex(), recipient.ToChecksumHex(),
                amount.ToString(CultureInfo.InvariantCulture), terms.ExpiresAt)
            : null;
}
