namespace IndieGent.Funding.Onramp;

/// <summary>Coinbase's on-ramp transaction statuses (webhooks and the transaction status API), mapped to ours.</summary>
public static class CoinbaseTransactionStatus
{
    public const string InProgress = "ONRAMP_TRANSACTION_STATUS_IN_PROGRESS";
    public const string Success = "ONRAMP_TRANSACTION_STATUS_SUCCESS";
    public const string Failed = "ONRAMP_TRANSACTION_STATUS_FAILED";

    /// <summary>
    /// Our status for Coinbase's: success only with a transaction hash to look for on chain (a
    /// success without one is still in progress for us), failure as failure, anything else
    /// (created, in progress, a status added later) as in progress.
    /// </summary>
    public static OnrampOrderStatus ToOrderStatus(string? status, string? txHash) => status switch
    {
        Success when HasTxHash(txHash) => OnrampOrderStatus.AwaitingChain,
        Failed => OnrampOrderStatus.Failed,
        _ => OnrampOrderStatus.InProgress,
    };

    /// <summary>Coinbase sends "0x" or nothing until the transfer exists.</summary>
    public static bool HasTxHash(string? txHash) =>
        txHash is { Length: 66 } && txHash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && txHash.Skip(2).All(char.IsAsciiHexDigit);
}
