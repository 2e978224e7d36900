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
}
