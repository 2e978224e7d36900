using IndieGent.Onramp.Simulator.Faults;
using IndieGent.Onramp.Simulator.Sessions;
using IndieGent.Onramp.Simulator.Webhooks;

namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>
/// "Pay" as Coinbase carries it out: the session's one transaction is created, the USDC is
/// delivered on chain (or the purchase fails, when a test asked for it), and the webhooks follow
/// in the background. Returns once the outcome is known, with the mint's receipt in hand.
/// </summary>
public sealed partial class PurchaseService(
    FaultBook faults,
    UsdcMinter minter,
    WebhookDispatcher webhooks,
    TimeProvider time,
    ILogger<PurchaseService> logger)
{
    /// <param name="enteredAmount">The USD amount typed at checkout, used only when the session has none.</param>
    public async Task<PurchaseOutcome> PayAsync(OnrampSession session, decimal? enteredAmount, CancellationToken cancellationToken)
    {
        var terms = session.Terms ?? (enteredAmount is { } amount ? FeeSchedule.ForPayment(amount) : null);
        if (terms is null)
            return PurchaseOutcome.Refused(PurchaseRefusal.AmountMissing);

        var started = new OnrampTransaction(Guid.NewGuid(), TransactionStatus.InProgress, terms, time.GetUtcNow());
        if (!session.TryBegin(started))
            return PurchaseOutcome.Refused(PurchaseRefusal.AlreadyUsed);

        var plan = faults.TakeFor(session.Id);
        var finished = plan.FailPurchase
            ? started.Failed(FailureReason.BuyFailed, time.GetUtcNow())
            : await DeliverAsync(session, started, cancellationToken);
        session.Complete(finished);
        LogPurchased(session.Id, finished.TransactionId, finished.Status, finished.TxHash);

        var created = WebhookPayloads.Event(WebhookEventTypes.Created, session, started with { Status = TransactionStatus.Created }, minter.Token);
        var final = WebhookPayloads.Event(
            finished.Status == TransactionStatus.Success ? WebhookEventTypes.Success : WebhookEventTypes.Failed, session, finished, minter.Token);
        webhooks.Enqueue(new WebhookBatch(session, [created, final], plan));
        return new PurchaseOutcome(finished, PurchaseRefusal.None);
    }

    private async Task<OnrampTransaction> DeliverAsync(OnrampSession session, OnrampTransaction started, CancellationToken cancellationToken)
    {
        try
        {
            var txHash = await minter.MintAsync(session.DestinationAddress, started.Terms.PurchaseBaseUnits, cancellationToken);
            return started.Succeeded(txHash, time.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A send that failed is a failed transaction on Coinbase too; the partner hears of it the same way.
            LogMintFailed(e, session.Id);
            return started.Failed(FailureReason.SendFailed, time.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: transaction {TransactionId} ended {Status} (tx {TxHash})")]
    private partial void LogPurchased(string sessionId, Guid transactionId, string status, string? txHash);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: minting the purchase failed")]
    private partial void LogMintFailed(Exception exception, string sessionId);
}
