using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IndieGent.Samples.Providers.Registration;

/// <summary>With a Gateway to register at, everything registration needs is there and well-formed, named by setting.</summary>
public sealed partial class ProvidersOptionsValidator : IValidateOptions<ProvidersOptions>
{
    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex Address();

    public ValidateOptionsResult Validate(string? name, ProvidersOptions options)
    {
        if (options.Gateway is null)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (!IsHttp(options.Gateway))
            failures.Add("Providers:Gateway must be an absolute http(s) URL.");
        if (options.PublicUrl is not { } url || !IsHttp(url) || !string.IsNullOrEmpty(url.Query))
            failures.Add("Providers:PublicUrl (this app's base URL as the platform reaches it) is required: an absolute http(s) URL without a query.");
        if (options.PayoutAddress is not { } address || !Address().IsMatch(address) || address[2..].All(c => c == '0'))
            failures.Add("Providers:PayoutAddress (where earnings are paid) is required: a 0x-prefixed 20-byte hex address, not the zero address.");
        if (string.IsNullOrWhiteSpace(options.AdminApiKey) && string.IsNullOrWhiteSpace(options.OperatorApiKey))
            failures.Add("Providers:OperatorApiKey (or Providers:AdminApiKey, to create an operator) is required to register with the Gateway.");
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Length > 100)
            failures.Add("Providers:Name must be 1 to 100 characters.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttp(Uri url) => url.IsAbsoluteUri && url.Scheme is "http" or "https";
}
