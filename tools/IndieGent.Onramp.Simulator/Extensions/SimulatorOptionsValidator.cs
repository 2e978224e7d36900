using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace IndieGent.Onramp.Simulator.Extensions;

/// <summary>Stops start-up with a message naming the bad setting; never echoes a secret.</summary>
public sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Network))
            failures.Add("The setting Simulator:Network must name the destinationNetwork of the local chain (e.g. base).");
        if (!string.IsNullOrWhiteSpace(options.PublicUrl) && !Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out _))
            failures.Add("The setting Simulator:PublicUrl must be an absolute URL (e.g. http://127.0.0.1:5080).");
        if (!string.IsNullOrWhiteSpace(options.WebhookUrl))
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out _))
                failures.Add("The setting Simulator:WebhookUrl must be an absolute URL.");
            if (string.IsNullOrEmpty(options.WebhookSecret))
                failures.Add("The setting Simulator:WebhookSecret is missing: webhooks to Simulator:WebhookUrl are signed with it.");
        }

        foreach (var (kid, pem) in options.ApiKeys)
        {
            if (!IsP256PublicKey(pem))
                failures.Add($"The setting Simulator:ApiKeys:{kid} must be a P-256 public key in SPKI PEM (-----BEGIN PUBLIC KEY-----).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsP256PublicKey(string pem)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key.KeySize == 256;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
