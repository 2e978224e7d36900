using System.CommandLine;
using System.Globalization;
using IndieGent.Cli.Gateway;
using IndieGent.Cli.Rendering;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary>
/// <c>fund</c>: where to send USDC (address, EIP-681 link, a QR code in the terminal) and the deposits so far; <c>--card</c> opens a
/// Coinbase Onramp order and prints its checkout URL.
/// </summary>
public static class FundCommand
{
    public static Command Build(CliContext cli)
    {
        var agent = new Option<string?>("--agent") { Description = "With an operator key: the agent to fund (default: the operator's treasury)." };
        var amount = new Option<string?>("--amount") { Description = "Put this many USDC into the payment link and QR code (e.g. 25.50)." };
        var card = new Option<string?>("--card") { Description = "Buy by card instead: open a Coinbase Onramp order for this amount (e.g. 25.00) and print its URL." };
        var currency = new Option<string>("--currency") { Description = "The card payment's currency.", DefaultValueFactory = _ => "USD" };
        var redirect = new Option<string?>("--redirect-url") { Description = "Where Coinbase sends the buyer after checkout (https)." };
        var idempotency = new Option<string?>("--idempotency-key")
        {
            Description = "Names the card order: the same key never opens a second order (default: a new one, printed).",
        };
        var noQr = new Option<bool>("--no-qr") { Description = "Leave out the QR code." };
        var command = new Command("fund", "How to fund a wallet: deposit address with a QR code, deposits so far; --card for a card purchase.")
        {
            agent, amount, card, currency, redirect, idempotency, noQr,
        };
        cli.Action(command, async (parse, session, ct) =>
        {
            var gateway = session.Gateway();
            var role = await session.RoleAsync(ct);
            var agentText = parse.GetValue(agent);
            if (role == Roles.Agent && agentText is not null)
                throw CliException.Usage("--agent is for operator keys: an agent key funds its own wallet.");
            Guid? agentId = agentText is null ? null : Ids.Parse(agentText, "an agent");
            var basePath = role == Roles.Agent ? "v1/wallet/funding" : agentId is { } id ? $"v1/agents/{id}/funding" : "v1/treasury/funding";
            var what = role == Roles.Agent ? "this agent's wallet" : agentId is { } a ? $"agent {a}" : "the treasury";

            if (parse.GetValue(card) is { } cardAmount)
            {
                if (!decimal.TryParse(cardAmount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                    throw CliException.Usage($"--card: '{cardAmount}' is not an amount (for example 25.00).");
                var onrampPath = role == Roles.Agent
                    ? $"v1/agents/{(await gateway.GetAsync<WalletView>("v1/wallet", ct)).Value.AgentId}/funding/onramp"
                    : agentId is { } target ? $"v1/agents/{target}/funding/onramp" : "v1/treasury/funding/onramp";
                var key = parse.GetValue(idempotency) ?? "cli-" + Guid.NewGuid().ToString("N");
                var order = await session.Terminal.WaitAsync("Opening a Coinbase Onramp order", () => gateway.SendAsync<OnrampOrderView>(HttpMethod.Post, onrampPath,
                    new { amount = cardAmount, currency = parse.GetValue(currency), redirectUrl = parse.GetValue(redirect) },
                    h => h.TryAddWithoutValidation("Idempotency-Key", key), ct));
                session.Terminal.Result(order.Json, () =>
                {
                    session.Terminal.Line($"Card order [bold]{order.Value.Id}[/] for {what}: {Terminal.Escape(order.Value.PaymentAmount)} {Terminal.Escape(order.Value.PaymentCurrency)}, {order.Value.Status}.");
                    session.Terminal.Line("Open this URL to pay:");
                    session.Terminal.Out.WriteLine(order.Value.OnrampUrl);
                    session.Terminal.Note($"[grey]Idempotency-Key {Terminal.Escape(key)} (the same key never opens a second order). The USDC is credited once the deposit is confirmed on chain.[/]");
                });
                return ExitCodes.Ok;
            }

            var query = parse.GetValue(amount) is { } amountText ? $"?amount={Uri.EscapeDataString(Usdc.Format(Usdc.Parse(amountText, "--amount")))}" : "";
            var funding = await session.Terminal.WaitAsync("Loading deposit instructions", () => gateway.GetAsync<FundingView>(basePath + query, ct));
            session.Terminal.Result(funding.Json, () =>
            {
                var f = funding.Value;
                session.Terminal.Line($"Send [bold]{Terminal.Escape(f.Token.Symbol)}[/] on chain {f.ChainId} to {what}:");
                session.Terminal.Line($"  [bold]{f.Address}[/]");
                session.Terminal.Line($"  token {f.Token.Address}; credited after {f.MinimumConfirmations} confirmations");
                session.Terminal.Line($"  {Terminal.Escape(f.PaymentUri)}");
                if (!parse.GetValue(noQr))
                    session.Terminal.Out.WriteLine(TerminalQrCode.Render(f.PaymentUri));
                if (f.Deposits.Count > 0)
                {
                    session.Terminal.Line("Deposits:");
                    var table = new Table().AddColumns("Detected", "Amount", "Status", "Transaction");
                    foreach (var d in f.Deposits.Take(10))
                        table.AddRow(d.DetectedAt.ToString("yyyy-MM-dd HH:mm"), $"{Usdc.Format(d.Amount)} {Terminal.Escape(f.Token.Symbol)}", d.Status, d.TxHash);
                    session.Terminal.Write(table);
                }

                if (f.CardOnrampAvailable)
                    session.Terminal.Note("[grey]Or by card: indiegent fund --card 25.00" + (agentId is { } g ? $" --agent {g}" : "") + "[/]");
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
