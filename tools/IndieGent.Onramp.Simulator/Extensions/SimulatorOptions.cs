namespace IndieGent.Onramp.Simulator.Extensions;

/// <summary>The <c>Simulator</c> section: how the simulator presents itself and whom it calls back.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>
    /// Base of the <c>onrampUrl</c>s handed out (the address a browser reaches the simulator at);
    /// empty: the scheme and Host of the request that created the session.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The <c>destinationNetwork</c> name that means the local chain (Coinbase's name for Base is <c>base</c>).</summary>
    public string Network { get; set; } = "base";

    /// <summary>Where webhooks are POSTed; empty: none are sent (the adapter has to poll).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The webhook subscription's secret, the HMAC key of <c>X-Hook0-Signature</c>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>CDP API key id (the JWT's <c>kid</c> and <c>sub</c>) → its public key, SPKI PEM (P-256).</summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);
}
