using System.ComponentModel.DataAnnotations;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>Coinbase Onramp (section <c>Onramp</c>). Without a key id the card on-ramp is off and its endpoints answer 503.</summary>
public sealed class OnrampOptions
{
    public const string Section = "Onramp";

    /// <summary>The CDP REST API (sessions): https://api.cdp.coinbase.com in production, the simulator in development.</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://api.cdp.coinbase.com";

    /// <summary>The Onramp transaction status API: https://api.developer.coinbase.com in production.</summary>
    [Required, Url]
    public string StatusApiBaseUrl { get; set; } = "https://api.developer.coinbase.com";

    /// <summary>The CDP API key id (the JWT's <c>kid</c> and <c>sub</c>).</summary>
    public string? KeyId { get; set; }

    /// <summary>The CDP API key secret (PEM EC private key): a secret, from a mounted Secret or the environment.</summary>
    public string? KeySecret { get; set; }

    /// <summary>The webhook subscription's secret: webhooks are verified with it (none configured: every webhook is refused).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Sandbox mode: partner references get Coinbase's "sandbox-" prefix (no real card is charged).</summary>
    public bool Sandbox { get; set; }

    /// <summary>Coinbase's name of the chain the USDC is delivered on ("base", "base-sepolia", …).</summary>
    [Required]
    public string DestinationNetwork { get; set; } = "base";

    /// <summary>Fiat currencies an operator may pay in.</summary>
    [MinLength(1)]
    public string[] PaymentCurrencies { get; set; } = ["USD"];

    /// <summary>How the operator pays at checkout (Coinbase's payment method id: CARD, APPLE_PAY, …).</summary>
    [Required]
    public string PaymentMethod { get; set; } = "CARD";

    /// <summary>The operator's country (ISO 3166-1 alpha-2) and, in the US, state: Coinbase quotes fees for them.</summary>
    [Required, RegularExpression("^[A-Z]{2}$")]
    public string Country { get; set; } = "US";

    public string? Subdivision { get; set; } = "NY";

    /// <summary>Smallest and largest purchase, in the payment currency (Coinbase's own limits apply too).</summary>
    [Range(typeof(decimal), "0.01", "1000000")]
    public decimal MinimumAmount { get; set; } = 1m;

    [Range(typeof(decimal), "0.01", "1000000")]
    public decimal MaximumAmount { get; set; } = 10_000m;

    /// <summary>Where Coinbase sends the operator after checkout when the request names no page.</summary>
    [Url]
    public string? DefaultRedirectUrl { get; set; }

    /// <summary>An unfinished order Coinbase said nothing about for this long is polled (a webhook may be lost).</summary>
    public TimeSpan PollAfter { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an unfinished order is polled at all; after that it stays as it is for an operator to look at.</summary>
    public TimeSpan PollFor { get; set; } = TimeSpan.FromDays(2);

    public bool Enabled => !string.IsNullOrEmpty(KeyId) && !string.IsNullOrEmpty(KeySecret);
}
