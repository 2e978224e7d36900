namespace IndieGent.Onramp.Simulator.Faults;

/// <summary>
/// How one purchase misbehaves, set by tests through the control API. The default is Coinbase on
/// a good day: the purchase succeeds and each webhook is delivered once, at once, in order.
/// </summary>
/// <param name="FailPurchase">The purchase fails (card declined): nothing is minted, <c>onramp.transaction.failed</c> follows.</param>
/// <param name="DuplicateWebhooks">Each webhook is delivered twice, with the same event id and body.</param>
/// <param name="WebhookDelayMilliseconds">The webhooks leave this long after the purchase ends.</param>
/// <param name="OutOfOrder">The final event (success or failed) is delivered before <c>onramp.transaction.created</c>.</param>
/// <param name="SuppressWebhooks">No webhook is delivered: the adapter has to poll the status API.</param>
public sealed record FaultPlan(
    bool FailPurchase = false,
    bool DuplicateWebhooks = false,
    int WebhookDelayMilliseconds = 0,
    bool OutOfOrder = false,
    bool SuppressWebhooks = false)
{
    public static readonly FaultPlan None = new();

    public TimeSpan WebhookDelay => TimeSpan.FromMilliseconds(WebhookDelayMilliseconds);
}
