namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>The <c>status</c> values of an onramp transaction (webhook payload and v1 status API alike).</summary>
public static class TransactionStatus
{
    public const string Created = "ONRAMP_TRANSACTION_STATUS_CREATED";
    public const string InProgress = "ONRAMP_TRANSACTION_STATUS_IN_PROGRESS";
    public const string Success = "ONRAMP_TRANSACTION_STATUS_SUCCESS";
    public const string Failed = "ONRAMP_TRANSACTION_STATUS_FAILED";
}
