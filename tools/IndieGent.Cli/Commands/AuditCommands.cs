using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>audit export</c>: every ledger event of the operator's accounts in a time range, streamed as CSV or JSON.</summary>
public static class AuditCommands
{
    public static Command Build(CliContext cli)
    {
        var audit = new Command("audit", "The audit trail: every event of your agents' and treasury's ledger accounts (operator key).");
        var format = new Option<string?>("--format") { Description = "csv (default; json with --json) or json." };
        format.AcceptOnlyFromAmong("csv", "json");
        var from = new Option<string?>("--from") { Description = "From this time on (ISO 8601; a date is midnight UTC)." };
        var to = new Option<string?>("--to") { Description = "Before this time." };
        var agent = new Option<string?>("--agent") { Description = "Only this agent's account." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Stream the audit trail as CSV (for a spreadsheet) or JSON.") { format, from, to, agent, output };
        cli.Action(export, async (parse, session, ct) =>
        {
            var chosen = parse.GetValue(format) ?? (session.Terminal.IsJson ? "json" : "csv");
            var query = new List<string> { $"format={chosen}" };
            if (parse.GetValue(from) is { } f)
                query.Add($"from={Uri.EscapeDataString(Times.Parse(f, "--from").ToString("O", CultureInfo.InvariantCulture))}");
            if (parse.GetValue(to) is { } t)
                query.Add($"to={Uri.EscapeDataString(Times.Parse(t, "--to").ToString("O", CultureInfo.InvariantCulture))}");
            if (parse.GetValue(agent) is { } a)
                query.Add($"agentId={Ids.Parse(a, "an agent")}");

            var gateway = session.Gateway();
            using var request = gateway.Request(HttpMethod.Get, "v1/audit?" + string.Join('&', query));
            using var response = await session.Terminal.WaitAsync("Starting the export",
                () => gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct));
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            if (parse.GetValue(output) is not { } path)
            {
                // Straight through: a year of events never sits in memory.
                await body.CopyToAsync(session.Terminal.RawOut, ct);
                await session.Terminal.RawOut.FlushAsync(ct);
                return ExitCodes.Ok;
            }

            var target = Path.GetFullPath(path);
            long written;
            await using (var file = File.Create(target))
            {
                written = await session.Terminal.WaitAsync($"Exporting to {target}", async () =>
                {
                    var buffer = new byte[81920];
                    long total = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer, ct)) > 0)
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read), ct);
                        total += read;
                    }

                    return total;
                });
            }

            session.Terminal.Result(new { file = target, format = chosen, bytes = written },
                () => session.Terminal.Line($"Wrote {written.ToString("N0", CultureInfo.InvariantCulture)} bytes of {chosen} to {Markup.Escape(target)}."));
            return ExitCodes.Ok;
        });
        audit.Subcommands.Add(export);
        return audit;
    }
}
