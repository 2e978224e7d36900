using System.CommandLine;
using IndieGent.Cli.Config;
using IndieGent.Cli.Gateway;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>login</c> and <c>logout</c>: the gateway and key kept in the user's configuration (0600).</summary>
public static class LoginCommands
{
    public static Command Login(CliContext cli)
    {
        var url = new Option<string?>("--url") { Description = "The gateway, e.g. https://api.indiegent.cloud (default: INDIEGENT_URL, else the saved one)." };
        var key = new Option<string?>("--key")
        {
            Description = "The API key (igk_…). Better left out: the key is then read from standard input, or asked for without echo, and stays out of your shell history.",
        };
        var command = new Command("login", "Check an API key (operator's or agent's) with the gateway and save both for later commands.") { url, key };
        cli.Action(command, async (parse, session, ct) =>
        {
            var terminal = session.Terminal;
            var saved = SafeLoad(session.Config);
            var address = parse.GetValue(url) ?? session.Host.Environment("INDIEGENT_URL") ?? saved?.Url
                ?? throw CliException.Usage("Which gateway? Pass --url (for example --url https://api.indiegent.cloud).");
            var gateway = GatewayClient.ParseGateway(address);
            var apiKey = (parse.GetValue(key) ?? ReadKey(session))?.Trim();
            if (string.IsNullOrEmpty(apiKey))
                throw CliException.Usage("No API key given: pass it on standard input (echo $KEY | indiegent login --url …) or with --key.");

            using var client = new GatewayClient(gateway, apiKey);
            var role = await terminal.WaitAsync($"Checking the key with {gateway}", () => client.RoleAsync(ct));
            session.Config.Save(new CliConfig(gateway.ToString(), apiKey, role));
            terminal.Result(new { url = gateway.ToString(), role, keyId = KeyId(apiKey), configPath = session.Config.Path }, () =>
            {
                terminal.Line($"Logged in to [bold]{Terminal.Escape(gateway.ToString())}[/] with {(role == Roles.Operator ? "an operator" : "an agent")} key ({Terminal.Escape(KeyId(apiKey))}).");
                terminal.Line($"Saved to {Terminal.Escape(session.Config.Path)} (readable only by you).");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout(CliContext cli)
    {
        var command = new Command("logout", "Forget the saved gateway and key.");
        cli.Action(command, (_, session, _) =>
        {
            var removed = session.Config.Delete();
            session.Terminal.Result(new { loggedOut = removed, configPath = session.Config.Path }, () =>
                session.Terminal.Line(removed ? $"Logged out: removed {Terminal.Escape(session.Config.Path)}." : "Not logged in: nothing to forget."));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static CliConfig? SafeLoad(ConfigStore store)
    {
        try
        {
            return store.Load();
        }
        catch (CliException)
        {
            return null;
        }
    }

    private static string? ReadKey(Session session)
    {
        if (session.Host.InputRedirected)
            return session.Host.Input.ReadLine();
        if (session.Host.ErrorIsTerminal)
            return session.Terminal.Errors.Prompt(new TextPrompt<string>("API key:").Secret());
        return session.Host.Environment("INDIEGENT_API_KEY");
    }

    /// <summary>The key's public id (<c>igk_&lt;id&gt;_&lt;secret&gt;</c>), never its secret.</summary>
    public static string KeyId(string apiKey)
    {
        // The secret is base64url and may hold '_' too: the id is what stands between the prefix and the first '_' after it.
        const string prefix = "igk_";
        var end = apiKey.StartsWith(prefix, StringComparison.Ordinal) ? apiKey.IndexOf('_', prefix.Length) : -1;
        return end > prefix.Length ? apiKey[prefix.Length..end] : "igk_…";
    }
}
