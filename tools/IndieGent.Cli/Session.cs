using IndieGent.Cli.Config;
using IndieGent.Cli.Gateway;

namespace IndieGent.Cli;

/// <summary>One command's run: its terminal, the user's configuration, and (once asked for) the gateway with the key in force.</summary>
public sealed class Session(CliHost host, Terminal terminal) : IDisposable
{
    private GatewayClient? _gateway;
    private Credentials? _credentials;

    public CliHost Host => host;

    public Terminal Terminal => terminal;

    public ConfigStore Config { get; } = new(host.Environment);

    /// <summary>The gateway in use, once known (for messages about an unreachable one).</summary>
    public Uri? GatewayAddress => _credentials?.Gateway;

    /// <summary>The gateway and key: <c>INDIEGENT_URL</c> / <c>INDIEGENT_API_KEY</c> when set, else what <c>login</c> saved.</summary>
    public Credentials Credentials()
    {
        if (_credentials is not null)
            return _credentials;
        var saved = Config.Load();
        var url = host.Environment("INDIEGENT_URL") is { Length: > 0 } envUrl ? envUrl : saved?.Url;
        var key = host.Environment("INDIEGENT_API_KEY") is { Length: > 0 } envKey ? envKey.Trim() : saved?.ApiKey;
        if (url is null || key is null)
        {
            throw new CliException(ExitCodes.NetworkOrAuth,
                "Not logged in: run `indiegent login --url <gateway>` (the key is read from standard input), or set INDIEGENT_URL and INDIEGENT_API_KEY.");
        }

        // The saved role describes the saved key only.
        var role = saved is not null && key == saved.ApiKey ? saved.Role : null;
        return _credentials = new Credentials(GatewayClient.ParseGateway(url), key, role);
    }

    public GatewayClient Gateway()
    {
        if (_gateway is not null)
            return _gateway;
        var credentials = Credentials();
        return _gateway = new GatewayClient(credentials.Gateway, credentials.ApiKey);
    }

    /// <summary>Whether the key in force is an operator's or an agent's (asked of the gateway unless login recorded it).</summary>
    public async Task<string> RoleAsync(CancellationToken ct)
    {
        var credentials = Credentials();
        if (credentials.Role is { } role)
            return role;
        role = await Gateway().RoleAsync(ct);
        _credentials = credentials with { Role = role };
        return role;
    }

    /// <summary>Fails with a clear message unless the key in force is an operator's.</summary>
    public async Task RequireOperatorAsync(string command, CancellationToken ct)
    {
        if (await RoleAsync(ct) != Roles.Operator)
            throw new CliException(ExitCodes.NetworkOrAuth, $"`indiegent {command}` needs an operator key; the key in use is an agent's.");
    }

    public void Dispose() => _gateway?.Dispose();
}
