using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using IndieGent.Cli.Gateway;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>payments list|show|watch</c>.</summary>
public static class PaymentsCommands
{
    public static Command Build(CliContext cli)
    {
        var payments = new Command("payments", "Payments (marketplace calls included): list, show one, or watch them change live.");
        payments.Subcommands.Add(List(cli));
        payments.Subcommands.Add(Show(cli));
        payments.Subcommands.Add(Watch(cli));
        return payments;
    }

    private static Command List(CliContext cli)
    {
        var agent = new Option<string?>("--agent") { Description = "Only this agent's payments." };
        var status = new Option<string?>("--status") { Description = "Only payments in this status (AwaitingApproval, Settling, Authorized, Broadcast, Settled, Denied, Failed, Expired)." };
        var merchant = new Option<string?>("--merchant") { Description = "Only payments to this host or recipient address." };
        var limit = new Option<int>("--limit") { Description = "How many (1–200).", DefaultValueFactory = _ => 20 };
        var before = new Option<string?>("--before") { Description = "Older than this time (the previous page's nextBefore)." };
        var command = new Command("list", "Payments, newest first.") { agent, status, merchant, limit, before };
        cli.Action(command, async (parse, session, ct) =>
        {
            var query = new List<string> { $"limit={parse.GetValue(limit)}" };
            if (parse.GetValue(agent) is { } a)
                query.Add($"agentId={Ids.Parse(a, "an agent")}");
            if (parse.GetValue(status) is { } s)
                query.Add($"status={Uri.EscapeDataString(s)}");
            if (parse.GetValue(merchant) is { } m)
                query.Add($"merchant={Uri.EscapeDataString(m)}");
            if (parse.GetValue(before) is { } b)
                query.Add($"before={Uri.EscapeDataString(Times.Parse(b, "--before").ToString("O", CultureInfo.InvariantCulture))}");
            var page = await session.Terminal.WaitAsync("Loading payments", () => session.Gateway().GetAsync<PaymentPage>("v1/payments?" + string.Join('&', query), ct));
            session.Terminal.Result(page.Json, () =>
            {
                var table = Table();
                foreach (var p in page.Value.Items)
                    AddRow(table, p.Id, p.AgentId, p.Status, p.Amount, p.Host ?? p.Recipient, p.Reason, p.RequestedAt);
                session.Terminal.Write(table);
                if (page.Value.NextBefore is { } next)
                    session.Terminal.Note($"[grey]More: --before {next.ToString("O", CultureInfo.InvariantCulture)}[/]");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("payment") { Description = "The payment's id." };
        var command = new Command("show", "One payment: terms, status, hold, transaction.") { id };
        cli.Action(command, async (parse, session, ct) =>
        {
            var paymentId = Ids.Parse(parse.GetValue(id), "a payment");
            var payment = await session.Terminal.WaitAsync("Loading the payment", () => session.Gateway().GetAsync<PaymentView>($"v1/payments/{paymentId}", ct));
            session.Terminal.Result(payment.Json, () =>
            {
                var p = payment.Value;
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("Payment", p.Id.ToString());
                grid.AddRow("Agent", p.AgentId.ToString());
                grid.AddRow("Status", StatusMarkup(p.Status) + (p.Hold is { } hold ? $" (hold {hold})" : ""));
                grid.AddRow("Amount", $"{Usdc.Format(p.Amount)} USDC");
                if (p.Host is { } host)
                    grid.AddRow("Merchant", Terminal.Escape(host));
                if (p.Recipient is { } recipient)
                    grid.AddRow("Recipient", recipient);
                if (p.Reason is { } reason)
                    grid.AddRow("Reason", Terminal.Escape($"{reason}{(p.Detail is { } d ? ": " + d : "")}"));
                if (p.TxHash is { } tx)
                    grid.AddRow("Transaction", tx + (p.BlockNumber is { } block ? $" (block {block})" : ""));
                grid.AddRow("Requested", p.RequestedAt.ToString("u"));
                grid.AddRow("Updated", p.UpdatedAt.ToString("u"));
                session.Terminal.Write(grid);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch(CliContext cli)
    {
        var count = new Option<int?>("--count") { Description = "Stop after this many payment events (default: until Ctrl+C)." };
        var command = new Command("watch",
            "Follow your payments as they change, live (operator key): a table that updates in place in a terminal; one line per event " +
            "otherwise, one JSON object per line with --json.") { count };
        cli.Action(command, async (parse, session, ct) =>
        {
            var gateway = session.Gateway();
            var limit = parse.GetValue(count);
            var terminal = session.Terminal;
            using var request = gateway.Request(HttpMethod.Get, "v1/payments/events");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var events = Payments(stream, limit, ct);
            try
            {
                if (terminal.IsJson || !session.Host.OutputIsTerminal)
                {
                    terminal.Note("[grey]Watching payments (Ctrl+C to stop)…[/]");
                    await foreach (var (e, raw) in events)
                    {
                        if (terminal.IsJson)
                            terminal.Out.WriteLine(raw);
                        else
                            terminal.Out.WriteLine(string.Join('\t', e.At.ToString("O", CultureInfo.InvariantCulture), e.PaymentId, e.AgentId, e.Status,
                                Usdc.Format(e.Amount), e.Reason ?? "", e.TxHash ?? ""));
                    }
                }
                else
                {
                    await LiveAsync(terminal, events);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C is how a watch ends.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task LiveAsync(Terminal terminal, IAsyncEnumerable<(PaymentEvent Event, string Raw)> events)
    {
        var table = Table().Title("Payments, live (Ctrl+C to stop)");
        var rows = new Dictionary<Guid, PaymentEvent>();
        await terminal.Console.Live(table).AutoClear(false).StartAsync(async context =>
        {
            await foreach (var (e, _) in events)
            {
                rows[e.PaymentId] = e;
                // Newest change first; the table keeps the latest 30 payments.
                table.Rows.Clear();
                foreach (var p in rows.Values.OrderByDescending(p => p.At).Take(30))
                    AddRow(table, p.PaymentId, p.AgentId, p.Status, long.TryParse(p.Amount, CultureInfo.InvariantCulture, out var a) ? a : 0, null, p.Reason, p.At);
                context.Refresh();
            }
        });
    }

    private static async IAsyncEnumerable<(PaymentEvent Event, string Raw)> Payments(Stream stream, int? limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var seen = 0;
        await foreach (var e in ServerSentEvents.ReadAsync(stream, ct))
        {
            if (e.Type != "payment" || e.Data.Length == 0)
                continue;
            var payment = JsonSerializer.Deserialize<PaymentEvent>(e.Data, GatewayClient.Json)!;
            yield return (payment, e.Data);
            if (++seen >= limit)
                yield break;
        }
    }

    private static Table Table() => new Table().AddColumns("Payment", "Agent", "Status", "Amount (USDC)", "Merchant", "Reason", "When");

    private static void AddRow(Table table, Guid id, Guid agent, string status, long amount, string? merchant, string? reason, DateTimeOffset at) =>
        table.AddRow(id.ToString(), Ids.Short(agent), StatusMarkup(status), Usdc.Format(amount), Terminal.Escape(merchant ?? ""), Terminal.Escape(reason ?? ""),
            at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

    public static string StatusMarkup(string status) => status switch
    {
        "Settled" or "Authorized" or "Broadcast" => $"[green]{status}[/]",
        "AwaitingApproval" or "Settling" => $"[yellow]{status}[/]",
        _ => $"[red]{Terminal.Escape(status)}[/]",
    };
}
