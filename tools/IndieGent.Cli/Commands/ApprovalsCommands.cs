using System.CommandLine;
using IndieGent.Cli.Gateway;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>approvals list|approve|deny</c>: payments above an agent's approval threshold wait for the operator.</summary>
public static class ApprovalsCommands
{
    public static Command Build(CliContext cli)
    {
        var approvals = new Command("approvals", "Payments waiting for your approval (operator key).");
        approvals.Subcommands.Add(List(cli));
        approvals.Subcommands.Add(Decide(cli, approve: true));
        approvals.Subcommands.Add(Decide(cli, approve: false));
        return approvals;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "Payments awaiting approval, oldest first.");
        cli.Action(command, async (_, session, ct) =>
        {
            var waiting = await session.Terminal.WaitAsync("Loading approvals", () => session.Gateway().GetAsync<List<PaymentView>>("v1/approvals", ct));
            session.Terminal.Result(waiting.Json, () =>
            {
                if (waiting.Value.Count == 0)
                {
                    session.Terminal.Line("Nothing waits for approval.");
                    return;
                }

                var table = new Table().AddColumns("Payment", "Agent", "Amount (USDC)", "Merchant", "Requested");
                foreach (var p in waiting.Value)
                    table.AddRow(p.Id.ToString(), p.AgentId.ToString(), Usdc.Format(p.Amount), Terminal.Escape(p.Host ?? p.Recipient ?? ""), p.RequestedAt.ToString("u"));
                session.Terminal.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Decide(CliContext cli, bool approve)
    {
        var verb = approve ? "approve" : "deny";
        var id = new Argument<string>("payment") { Description = "The payment's id (see `approvals list`)." };
        var command = new Command(verb, approve ? "Approve a held payment: the platform pays it." : "Deny a held payment: nothing is paid.") { id };
        cli.Action(command, async (parse, session, ct) =>
        {
            var paymentId = Ids.Parse(parse.GetValue(id), "a payment");
            var decided = await session.Terminal.WaitAsync(approve ? "Approving" : "Denying",
                () => session.Gateway().SendAsync<PaymentView>(HttpMethod.Post, $"v1/payments/{paymentId}/{verb}", null, null, ct));
            session.Terminal.Result(decided.Json, () => session.Terminal.Line(
                $"Payment {paymentId} ({Usdc.Format(decided.Value.Amount)} USDC) {(approve ? "[green]approved[/]: the platform pays it now" : "[red]denied[/]: nothing is paid")}."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
