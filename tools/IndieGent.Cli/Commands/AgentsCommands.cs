using System.CommandLine;
using System.Net;
using IndieGent.Cli.Gateway;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>agents create|list|show|disable</c> (operator key).</summary>
public static class AgentsCommands
{
    public static Command Build(CliContext cli)
    {
        var agents = new Command("agents", "Your agents: each has a USDC wallet, API keys and spending controls (operator key).");
        agents.Subcommands.Add(Create(cli));
        agents.Subcommands.Add(List(cli));
        agents.Subcommands.Add(Show(cli));
        agents.Subcommands.Add(Disable(cli));
        return agents;
    }

    private static Command Create(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "A name to know it by, e.g. travel-bot." };
        var command = new Command("create", "Create an agent with its wallet and first API key (the key is shown this once).") { name };
        cli.Action(command, async (parse, session, ct) =>
        {
            var created = await session.Terminal.WaitAsync("Creating the agent and its wallet",
                () => session.Gateway().SendAsync<AgentCreated>(HttpMethod.Post, "v1/agents", new { name = parse.GetValue(name) }, null, ct));
            session.Terminal.Result(created.Json, () =>
            {
                var agent = created.Value.Agent;
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("Agent", agent.Id.ToString());
                grid.AddRow("Name", Terminal.Escape(agent.Name));
                grid.AddRow("Wallet", agent.WalletAddress);
                grid.AddRow("API key", $"[bold yellow]{Terminal.Escape(created.Value.ApiKey)}[/]");
                session.Terminal.Write(grid);
                session.Terminal.Line("[yellow]The API key is shown this once: store it now (the platform keeps only its hash).[/]");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "List your agents.");
        cli.Action(command, async (_, session, ct) =>
        {
            var agents = await session.Terminal.WaitAsync("Loading agents", () => session.Gateway().GetAsync<List<AgentView>>("v1/agents", ct));
            session.Terminal.Result(agents.Json, () =>
            {
                if (agents.Value.Count == 0)
                {
                    session.Terminal.Line("No agents yet: [bold]indiegent agents create <name>[/] makes one.");
                    return;
                }

                var table = new Table().AddColumns("Id", "Name", "Wallet", "Status", "Created");
                foreach (var a in agents.Value)
                    table.AddRow(a.Id.ToString(), Terminal.Escape(a.Name), a.WalletAddress, a.Disabled ? "[red]disabled[/]" : "[green]active[/]",
                        a.CreatedAt.ToString("yyyy-MM-dd HH:mm"));
                session.Terminal.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("agent") { Description = "The agent's id." };
        var command = new Command("show", "An agent: wallet, balance and spending controls.") { id };
        cli.Action(command, async (parse, session, ct) =>
        {
            var agentId = Ids.Parse(parse.GetValue(id), "an agent");
            var gateway = session.Gateway();
            var (agent, balance, policy) = await session.Terminal.WaitAsync("Loading the agent", async () =>
            {
                var a = await gateway.GetAsync<AgentView>($"v1/agents/{agentId}", ct);
                var b = await BalanceOrNullAsync(gateway, agentId, ct);
                var p = await gateway.GetAsync<PolicyCommands.PolicyView>($"v1/agents/{agentId}/policy", ct);
                return (a, b, p);
            });
            session.Terminal.Result(new { agent = agent.Json, balance = balance?.Json, policy = policy.Json }, () =>
            {
                var a = agent.Value;
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("Agent", a.Id.ToString());
                grid.AddRow("Name", Terminal.Escape(a.Name));
                grid.AddRow("Status", a.Disabled ? "[red]disabled[/]" : "[green]active[/]");
                grid.AddRow("Wallet", a.WalletAddress);
                grid.AddRow("Created", a.CreatedAt.ToString("u"));
                if (balance?.Value is { } b)
                {
                    grid.AddRow("Available", $"{Usdc.Format(b.Available)} USDC");
                    grid.AddRow("Held", $"{Usdc.Format(b.Pending)} USDC");
                }
                else
                {
                    grid.AddRow("Balance", "no ledger account yet");
                }

                session.Terminal.Write(grid);
                session.Terminal.Write(PolicyCommands.Render(policy.Value));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Disable(CliContext cli)
    {
        var id = new Argument<string>("agent") { Description = "The agent's id." };
        var command = new Command("disable", "Disable an agent: it can make no more payments and gets no new keys.") { id };
        cli.Action(command, async (parse, session, ct) =>
        {
            var agentId = Ids.Parse(parse.GetValue(id), "an agent");
            var agent = await session.Terminal.WaitAsync("Disabling the agent",
                () => session.Gateway().SendAsync<AgentView>(HttpMethod.Post, $"v1/agents/{agentId}/disable", null, null, ct));
            session.Terminal.Result(agent.Json, () => session.Terminal.Line($"Agent {agentId} ({Terminal.Escape(agent.Value.Name)}) is [red]disabled[/]."));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The agent's ledger balance, or null while the Ledger has not opened its account yet.</summary>
    public static async Task<Answer<BalanceView>?> BalanceOrNullAsync(GatewayClient gateway, Guid agentId, CancellationToken ct)
    {
        try
        {
            return await gateway.GetAsync<BalanceView>($"v1/accounts/{agentId}/balance", ct);
        }
        catch (CliException e) when (e.Problem?.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
