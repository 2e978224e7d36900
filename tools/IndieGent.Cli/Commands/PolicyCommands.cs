using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IndieGent.Cli.Gateway;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IndieGent.Cli.Commands;

/// <summary><c>policy show|set</c>: an agent's spending controls, amounts in USDC (operator key).</summary>
public static class PolicyCommands
{
    /// <summary>The policy as the API sends it; kept as JSON so a change carries every field this CLI does not know through unchanged.</summary>
    public sealed record PolicyView(Guid AgentId, int Version, JsonObject Policy, DateTimeOffset? UpdatedAt);

    private static readonly (string Option, string Field, string Label)[] Amounts =
    [
        ("--max-per-payment", "maxPerPayment", "Max per payment"),
        ("--daily-budget", "dailyBudget", "Daily budget"),
        ("--monthly-budget", "monthlyBudget", "Monthly budget"),
        ("--approval-threshold", "approvalThreshold", "Approval above"),
    ];

    private static readonly Dictionary<string, string> AmountHelp = new()
    {
        ["maxPerPayment"] = "The most one payment may cost, in USDC (e.g. 1.50), or 'none'.",
        ["dailyBudget"] = "The most the agent may spend per UTC day, in USDC, or 'none'.",
        ["monthlyBudget"] = "The most the agent may spend per calendar month, in USDC, or 'none'.",
        ["approvalThreshold"] = "Payments above this many USDC wait for an operator's approval ('none': never).",
    };

    private static readonly (string Field, string Label)[] Lists =
    [
        ("allowedHosts", "Allowed hosts"), ("deniedHosts", "Denied hosts"), ("allowedRecipients", "Allowed recipients"), ("deniedRecipients", "Denied recipients"),
    ];

    public static Command Build(CliContext cli)
    {
        var policy = new Command("policy", "An agent's spending controls (operator key): caps, budgets, merchant lists, approval threshold.");
        policy.Subcommands.Add(Show(cli));
        policy.Subcommands.Add(Set(cli));
        return policy;
    }

    private static Command Show(CliContext cli)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's id." };
        var command = new Command("show", "Show an agent's spending controls.") { agent };
        cli.Action(command, async (parse, session, ct) =>
        {
            var agentId = Ids.Parse(parse.GetValue(agent), "an agent");
            var policy = await session.Terminal.WaitAsync("Loading the policy", () => session.Gateway().GetAsync<PolicyView>($"v1/agents/{agentId}/policy", ct));
            session.Terminal.Result(policy.Json, () => session.Terminal.Write(Render(policy.Value)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(CliContext cli)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's id." };
        var amounts = Amounts.ToDictionary(a => a.Field, a => new Option<string?>(a.Option) { Description = AmountHelp[a.Field] });
        Option<string[]> ListOption(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.OneOrMore };
        var allowHost = ListOption("--allow-host", "Add a merchant host to the allow list (when the list is not empty, only listed hosts and their subdomains may be paid). Repeatable.");
        var denyHost = ListOption("--deny-host", "Add a merchant host to the deny list. Repeatable.");
        var unlistHost = ListOption("--unlist-host", "Remove a host from both lists. Repeatable.");
        var allowRecipient = ListOption("--allow-recipient", "Add a recipient address (0x…) to the allow list. Repeatable.");
        var denyRecipient = ListOption("--deny-recipient", "Add a recipient address to the deny list. Repeatable.");
        var unlistRecipient = ListOption("--unlist-recipient", "Remove a recipient address from both lists. Repeatable.");
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the Wallet saved the policy, without waiting until the Ledger enforces it." };
        var command = new Command("set",
            "Change an agent's spending controls: the options given change, everything else stays (read, changed, written back with If-Match, so a " +
            "concurrent change by someone else is reported, never overwritten).")
        {
            agent,
        };
        foreach (var option in amounts.Values)
            command.Options.Add(option);
        foreach (var option in new Option[] { allowHost, denyHost, unlistHost, allowRecipient, denyRecipient, unlistRecipient, noWait })
            command.Options.Add(option);

        cli.Action(command, async (parse, session, ct) =>
        {
            var agentId = Ids.Parse(parse.GetValue(agent), "an agent");
            var changes = new List<Action<JsonObject>>();
            foreach (var (field, option) in amounts)
            {
                if (parse.GetValue(option) is { } text)
                {
                    long? value = text.Trim().ToLowerInvariant() is "none" or "off" or "unlimited" ? null : Usdc.Parse(text, option.Name);
                    changes.Add(p => p[field] = value is { } v ? JsonValue.Create(v) : null);
                }
            }

            void Lists(Option<string[]> add, string into, string other)
            {
                foreach (var item in parse.GetValue(add) ?? [])
                    changes.Add(p => { Remove(p, other, item); Add(p, into, item); });
            }

            Lists(allowHost, "allowedHosts", "deniedHosts");
            Lists(denyHost, "deniedHosts", "allowedHosts");
            Lists(allowRecipient, "allowedRecipients", "deniedRecipients");
            Lists(denyRecipient, "deniedRecipients", "allowedRecipients");
            foreach (var host in parse.GetValue(unlistHost) ?? [])
                changes.Add(p => { Remove(p, "allowedHosts", host); Remove(p, "deniedHosts", host); });
            foreach (var recipient in parse.GetValue(unlistRecipient) ?? [])
                changes.Add(p => { Remove(p, "allowedRecipients", recipient); Remove(p, "deniedRecipients", recipient); });
            if (changes.Count == 0)
                throw CliException.Usage("Nothing to change: give at least one option (see `indiegent policy set --help`).");

            var gateway = session.Gateway();
            var saved = await session.Terminal.WaitAsync("Saving the policy", async () =>
            {
                var current = await gateway.GetAsync<PolicyView>($"v1/agents/{agentId}/policy", ct);
                var policy = current.Value.Policy;
                foreach (var change in changes)
                    change(policy);
                try
                {
                    return await gateway.SendAsync<PolicyView>(HttpMethod.Put, $"v1/agents/{agentId}/policy", policy,
                        h => h.IfMatch.Add(current.Headers.ETag ?? new EntityTagHeaderValue($"\"{current.Value.Version.ToString(CultureInfo.InvariantCulture)}\"")), ct);
                }
                catch (CliException e) when (e.Problem?.Status == (int)HttpStatusCode.PreconditionFailed)
                {
                    throw new CliException(ExitCodes.Other,
                        $"The policy was changed by someone else since it was read (version {current.Value.Version}); nothing was saved. Run the command again to apply your change to the current policy.",
                        e.Problem);
                }
            });

            var enforced = parse.GetValue(noWait) || await session.Terminal.WaitAsync($"Waiting for the ledger to enforce version {saved.Value.Version}",
                () => AppliedAsync(gateway, saved.Value, ct));
            session.Terminal.Result(saved.Json, () =>
            {
                session.Terminal.Write(Render(saved.Value));
                if (!enforced)
                    session.Terminal.Note("[yellow]Saved; the ledger has not confirmed it enforces this version yet (it will shortly).[/]");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Waits (up to 30 s) until the agent's audit trail shows the Ledger applied this version.</summary>
    private static async Task<bool> AppliedAsync(GatewayClient gateway, PolicyView saved, CancellationToken ct)
    {
        var from = Uri.EscapeDataString((saved.UpdatedAt ?? DateTimeOffset.UtcNow).AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        var expected = $"version {saved.Version.ToString(CultureInfo.InvariantCulture)}";
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                var audit = await gateway.GetAsync<List<AuditEntry>>($"v1/accounts/{saved.AgentId}/audit?from={from}", ct);
                if (audit.Value.Any(e => e.Event == "SpendingPolicyApplied" && e.Detail == expected))
                    return true;
            }
            catch (CliException e) when (e.Problem?.Status == (int)HttpStatusCode.NotFound)
            {
                // The ledger account is not open yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        }

        return false;
    }

    private static void Add(JsonObject policy, string field, string item)
    {
        if (policy[field] is not JsonArray list)
            policy[field] = list = [];
        if (!list.Any(n => string.Equals(n?.GetValue<string>(), item, StringComparison.OrdinalIgnoreCase)))
            list.Add(item);
    }

    private static void Remove(JsonObject policy, string field, string item)
    {
        if (policy[field] is JsonArray list)
        {
            foreach (var node in list.Where(n => string.Equals(n?.GetValue<string>(), item, StringComparison.OrdinalIgnoreCase)).ToList())
                list.Remove(node);
        }
    }

    public static IRenderable Render(PolicyView view)
    {
        var heading = new Markup($"Agent {view.AgentId} · policy version {view.Version}{(view.Version == 0 ? " (none set: unrestricted)" : "")}");
        var table = new Table().AddColumns("Spending control", "Value");
        foreach (var (_, field, label) in Amounts)
            table.AddRow(label, view.Policy[field] is JsonValue v && v.TryGetValue<long>(out var units) ? $"{Usdc.Format(units)} USDC" : "[grey]no limit[/]");
        foreach (var (field, label) in Lists)
        {
            var items = (view.Policy[field] as JsonArray)?.Select(n => n?.GetValue<string>()).Where(s => s is not null).ToList() ?? [];
            table.AddRow(label, items.Count == 0 ? "[grey]—[/]" : Terminal.Escape(string.Join(", ", items)));
        }

        if (view.Policy["autoTopUp"] is JsonObject topUp)
        {
            static string Amount(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var units) ? Usdc.Format(units) : "?";
            table.AddRow("Auto top-up", $"below {Amount(topUp["threshold"])} to {Amount(topUp["target"])} USDC, at most {Amount(topUp["dailyMaximum"])} a day");
        }

        return new Rows(heading, table);
    }
}
