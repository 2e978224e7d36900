using System.CommandLine;
using IndieGent.Cli.Gateway;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>keys create|list|revoke</c>: agents' API keys (operator key).</summary>
public static class KeysCommands
{
    public static Command Build(CliContext cli)
    {
        var keys = new Command("keys", "Agents' API keys (operator key): a new key is shown once; revoke one that leaked.");
        keys.Subcommands.Add(Create(cli));
        keys.Subcommands.Add(List(cli));
        keys.Subcommands.Add(Revoke(cli));
        return keys;
    }

    private static Command Create(CliContext cli)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's id." };
        var command = new Command("create", "Issue another API key for an agent (shown this once).") { agent };
        cli.Action(command, async (parse, session, ct) =>
        {
            var agentId = Ids.Parse(parse.GetValue(agent), "an agent");
            var key = await session.Terminal.WaitAsync("Issuing the key",
                () => session.Gateway().SendAsync<KeyCreated>(HttpMethod.Post, $"v1/agents/{agentId}/keys", null, null, ct));
            session.Terminal.Result(key.Json, () =>
            {
                session.Terminal.Line($"Key [bold]{key.Value.KeyId}[/] for agent {agentId}:");
                session.Terminal.Line($"[bold yellow]{Terminal.Escape(key.Value.ApiKey)}[/]");
                session.Terminal.Line("[yellow]Shown this once: store it now (the platform keeps only its hash).[/]");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's id." };
        var command = new Command("list", "An agent's keys, newest first (never their secrets).") { agent };
        cli.Action(command, async (parse, session, ct) =>
        {
            var agentId = Ids.Parse(parse.GetValue(agent), "an agent");
            var keys = await session.Terminal.WaitAsync("Loading keys", () => session.Gateway().GetAsync<List<KeyView>>($"v1/agents/{agentId}/keys", ct));
            session.Terminal.Result(keys.Json, () =>
            {
                var table = new Table().AddColumns("Key", "Created", "Status");
                foreach (var k in keys.Value)
                    table.AddRow(k.KeyId, k.CreatedAt.ToString("yyyy-MM-dd HH:mm"), k.RevokedAt is { } at ? $"[red]revoked {at:yyyy-MM-dd HH:mm}[/]" : "[green]active[/]");
                session.Terminal.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliContext cli)
    {
        var keyId = new Argument<string>("key-id") { Description = "The key's id (the part after igk_, as `keys list` shows it)." };
        var command = new Command("revoke", "Revoke a key: the gateway refuses it from now on.") { keyId };
        cli.Action(command, async (parse, session, ct) =>
        {
            var id = parse.GetValue(keyId)!.Trim();
            if (id.StartsWith("igk_", StringComparison.Ordinal))
                id = LoginCommands.KeyId(id);
            await session.Terminal.WaitAsync("Revoking", () => session.Gateway().SendAsync(HttpMethod.Delete, $"v1/keys/{Uri.EscapeDataString(id)}", ct));
            session.Terminal.Result(new { keyId = id, revoked = true }, () => session.Terminal.Line($"Key {Terminal.Escape(id)} is [red]revoked[/]."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
