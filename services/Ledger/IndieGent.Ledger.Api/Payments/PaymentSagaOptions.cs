using System.ComponentModel.DataAnnotations;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>The saga's waiting limits (section <c>Payments</c>).</summary>
public sealed class PaymentSagaOptions
{
    /// <summary>How long a payment above the approval threshold waits for the operator before it is voided.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ApprovalWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the saga waits for Settlement's next report before it asks again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SettlementPatience { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many times Settlement is asked again while the payment has no credential yet before the
    /// hold is voided (the agent never received a credential, so nothing can settle it later).
    /// </summary>
    [Range(1, 1000)]
    public int MaxReconciliations { get; set; } = 10;

    /// <summary>
    /// How long an approval ticket lets the Wallet make a payment's first signature. The saga issues
    /// a fresh one whenever it asks Settlement again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a marketplace call's hold waits for its outcome (or, once approved, for the agent to
    /// call again) before it is voided: longer than any service's upstream timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan MarketplaceCallPatience { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a reservation is decided again after a concurrent write to the account or the payment.</summary>
    [Range(1, 1000)]
    public int ReservationAttempts { get; set; } = 50;

    /// <summary>
    /// How many request-path steps on one account (reservations, marketplace outcomes, transfers)
    /// that queued behind each other at most go into one commit.
    /// </summary>
    [Range(1, 1000)]
    public int MaxStepsPerCommit { get; set; } = 64;
}
