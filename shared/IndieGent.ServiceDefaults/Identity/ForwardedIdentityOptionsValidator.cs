using Microsoft.Extensions.Options;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Refuses to start without a usable signing key, naming the setting.</summary>
public sealed class ForwardedIdentityOptionsValidator : IValidateOptions<ForwardedIdentityOptions>
{
    public const int MinKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, ForwardedIdentityOptions options)
    {
        const string setting = "Identity:InternalSigningKey (environment variable Identity__InternalSigningKey)";
        if (string.IsNullOrWhiteSpace(options.InternalSigningKey))
            return ValidateOptionsResult.Fail($"The setting {setting} is missing: base64 of at least {MinKeyBytes} random bytes.");

        var buffer = new byte[options.InternalSigningKey.Length];
        if (!Convert.TryFromBase64String(options.InternalSigningKey, buffer, out var length))
            return ValidateOptionsResult.Fail($"The setting {setting} is not valid base64.");
        return length < MinKeyBytes
            ? ValidateOptionsResult.Fail($"The setting {setting} holds {length} bytes; at least {MinKeyBytes} are required.")
            : ValidateOptionsResult.Success;
    }
}
