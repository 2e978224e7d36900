namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>The onramp event types of the cdp-sdk OpenAPI's <c>webhooks</c> (<c>x-event-type</c>).</summary>
public static class WebhookEventTypes
{
    public const string Created = "onramp.transaction.created";
    public const string Success = "onramp.transaction.success";
    public const string Failed = "onramp.transaction.failed";
}
