using System.ComponentModel.DataAnnotations;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>How Settlement issues credentials (section <c>Settlement</c>).</summary>
public sealed class PaymentSettlementOptions
{
    public const string Section = "Settlement";

    /// <summary>
    /// Longest validity of an EIP-3009 authorization (shorter when the challenge expires sooner).
    /// The hold stays pending this long at most when the merchant never settles.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AuthorizationLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Least validity left on a challenge for Settlement to still sign for it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MinimumValidity { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long Settlement waits for the Wallet's signature before the attempt is retried. Signing
    /// takes milliseconds; a request lost with a broker connection must not hold a consumer (and
    /// the endpoint's restart) for long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SignerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest time a merchant is given to broadcast a signed <c>transaction</c> credential (shorter
    /// when the challenge expires sooner, plus <see cref="BroadcastGrace"/>). After it, Settlement
    /// cancels the transfer with a transaction at its nonce, so the wallet's later transactions are
    /// not held up and the hold is released.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan TransactionHandOff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Added to a challenge's expiry before a handed-off transfer is cancelled: the merchant's broadcast may still be on its way.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BroadcastGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a broadcast transaction may stay unmined before Settlement acts: it sends it again
    /// when the node has dropped it, or replaces it with higher fees (<see cref="FeeBumpPercent"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How much a replacement raises both fees; nodes want at least 10%.</summary>
    /// <summary>
    /// How long a wallet's first <c>permit2</c> payment waits for its one-time Permit2 allowance to be mined (the relayer sends
    /// it); past that the payment fails as unavailable and is paid when asked again. Under the callers' 10 s attempt timeout
    /// (the standard resilience handler's), so a wait is never cut off and retried.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Permit2AllowanceWait { get; set; } = TimeSpan.FromSeconds(8);

    [Range(10, 500)]
    public int FeeBumpPercent { get; set; } = 25;

    /// <summary>Gas limit for a token transfer when the node cannot estimate one.</summary>
    [Range(21_000, 1_000_000)]
    public long TransferGasLimit { get; set; } = 100_000;
}
