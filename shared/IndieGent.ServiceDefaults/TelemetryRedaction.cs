using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps configured secrets out of exported telemetry. The secrets are the values of settings
/// whose names say they are secret (keys, secrets, passwords, tokens; anything under
/// <c>Telemetry:Secrets</c>; connection-string passwords) and
/// the path and query of URLs that carry credentials (<c>Chain:RpcUrl</c>: hosted RPC providers
/// put the API key there). Every string a span or an exported log record carries is scrubbed of
/// them before any exporter sees it.
/// </summary>
public sealed partial class TelemetryRedaction
{
    public const string Redacted = "[redacted]";

    // Settings whose values are credentials, by the last segment of their name.
    [GeneratedRegex("(Keys?|Secrets?|Passwords?|Tokens?)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    // Settings that are URLs whose path or query may be a credential.
    private static readonly string[] CredentialUrls = ["Chain:RpcUrl"];

    private readonly string[] _secrets;

    // One vectorised search for all secrets: every span tag passes through here, and nearly none holds a secret.
    private readonly System.Buffers.SearchValues<string> _search;

    public TelemetryRedaction(IEnumerable<string> secrets)
    {
        // Longest first, so a secret containing another is replaced whole.
        _secrets = secrets.Where(s => s.Length >= 8).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
        _search = System.Buffers.SearchValues.Create(_secrets, StringComparison.Ordinal);
    }

    /// <summary>The secrets of <paramref name="configuration"/>.</summary>
    public static TelemetryRedaction From(IConfiguration configuration)
    {
        var secrets = new List<string>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value))
                continue;
            var name = key[(key.LastIndexOf(':') + 1)..];
            var parent = key.Contains(':') ? key[..key.LastIndexOf(':')] : "";
            if (SecretName().IsMatch(name) || SecretName().IsMatch(parent))
                secrets.Add(value);
            if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
                secrets.AddRange(ConnectionStringPasswords(value));
        }

        foreach (var setting in CredentialUrls)
        {
            if (Uri.TryCreate(configuration[setting], UriKind.Absolute, out var url))
            {
                if (url.AbsolutePath.Length > 1)
                    secrets.Add(url.AbsolutePath);
                if (url.Query.Length > 1)
                    secrets.Add(url.Query[1..]);
                if (url.UserInfo.Length > 0)
                    secrets.Add(url.UserInfo);
            }
        }

        return new TelemetryRedaction(secrets);
    }

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Redacted"/>.</summary>
    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text) || _secrets.Length == 0 || text.AsSpan().IndexOfAny(_search) < 0)
            return text;
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    private static IEnumerable<string> ConnectionStringPasswords(string connectionString)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && part[..equals].Trim() is var name &&
                (name.Equals("Password", StringComparison.OrdinalIgnoreCase) || name.Equals("Pwd", StringComparison.OrdinalIgnoreCase)))
                yield return part[(equals + 1)..];
        }

        // amqp://user:password@host/vhost
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var url) && url.UserInfo.Split(':') is [_, var password, ..])
            yield return Uri.UnescapeDataString(password);
    }

    /// <summary>Scrubs a finished span's name, tags and status before export.</summary>
    public sealed class SpanProcessor(TelemetryRedaction redaction) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (redaction.Scrub(data.DisplayName) is { } name && !ReferenceEquals(name, data.DisplayName))
                data.DisplayName = name;
            List<KeyValuePair<string, string?>>? changed = null;
            foreach (var (key, value) in data.TagObjects)
            {
                if (value is string text && redaction.Scrub(text) is var scrubbed && !ReferenceEquals(scrubbed, text))
                    (changed ??= []).Add(new(key, scrubbed));
            }

            foreach (var (key, scrubbed) in changed ?? [])
                data.SetTag(key, scrubbed);

            if (data.StatusDescription is { } description && redaction.Scrub(description) is var status && !ReferenceEquals(status, description))
                data.SetStatus(data.Status, status);
        }
    }

    /// <summary>Scrubs an exported log record's message and attributes.</summary>
    public sealed class LogProcessor(TelemetryRedaction redaction) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            data.FormattedMessage = redaction.Scrub(data.FormattedMessage);
            data.Body = redaction.Scrub(data.Body);
            // Copied only when a value holds a secret: nearly no record does.
            if (data.Attributes is { Count: > 0 } attributes &&
                attributes.Any(a => a.Value is string text && !ReferenceEquals(redaction.Scrub(text), text)))
                data.Attributes = attributes.Select(a => a.Value is string text ? new KeyValuePair<string, object?>(a.Key, redaction.Scrub(text)) : a).ToList();
        }
    }
}
