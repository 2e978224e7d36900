using System.CommandLine;
using IndieGent.Cli.Gateway;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>balance</c>: an agent key sees its wallet; an operator key sees every agent and the treasury.</summary>
public static class BalanceCommand
{
    public sealed record AgentBalance(Guid AgentId, string Name, bool Disabled, string WalletAddress, long Available, long Pending, long Posted);

    public sealed record OperatorBalances(IReadOnlyList<AgentBalance> Agents, TreasuryView Treasury, long TotalAvailable);

    public static Command Build(CliContext cli)
    {
        var command = new Command("balance", "Balances in USDC: the agent's wallet (agent key), or every agent and the treasury (operator key).");
        cli.Action(command, async (_, session, ct) =>
        {
            var gateway = session.Gateway();
            if (await session.RoleAsync(ct) == Roles.Agent)
            {
                var wallet = await session.Terminal.WaitAsync("Loading the wallet", () => gateway.GetAsync<WalletView>("v1/wallet", ct));
                session.Terminal.Result(wallet.Json, () =>
                {
                    var w = wallet.Value;
                    var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
                    grid.AddRow("Available", $"[bold]{Usdc.Format(w.Available)}[/] USDC");
                    grid.AddRow("Held for payments", $"{Usdc.Format(w.Pending)} USDC");
                    grid.AddRow("In the wallet", $"{Usdc.Format(w.Posted + w.MarketplaceUnswept)} USDC");
                    session.Terminal.Write(grid);
                    session.Terminal.Line($"[grey]Agent {w.AgentId} · wallet {w.WalletAddress} · chain {w.ChainId}{(w.Disabled ? " · [red]disabled[/]" : "")}[/]");
                });
                return ExitCodes.Ok;
            }

            var balances = await session.Terminal.WaitAsync("Loading balances", async () =>
            {
                var agents = (await gateway.GetAsync<List<AgentView>>("v1/agents", ct)).Value;
                var treasury = gateway.GetAsync<TreasuryView>("v1/treasury", ct);
                using var gate = new SemaphoreSlim(8);
                var rows = await Task.WhenAll(agents.Select(async a =>
                {
                    await gate.WaitAsync(ct);
                    try
                    {
                        var b = (await AgentsCommands.BalanceOrNullAsync(gateway, a.Id, ct))?.Value;
                        return new AgentBalance(a.Id, a.Name, a.Disabled, a.WalletAddress, b?.Available ?? 0, b?.Pending ?? 0, b?.Posted ?? 0);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
                var t = (await treasury).Value;
                return new OperatorBalances(rows, t, rows.Sum(r => r.Available) + t.Available);
            });
            session.Terminal.Result(balances, () =>
            {
                var table = new Table().AddColumns("Agent", "Name", "Available", "Held", "Wallet");
                foreach (var column in table.Columns.Skip(2).Take(2))
                    column.RightAligned();
                foreach (var a in balances.Agents)
                    table.AddRow(a.AgentId.ToString(), Terminal.Escape(a.Name) + (a.Disabled ? " [red](disabled)[/]" : ""), Usdc.Format(a.Available),
                        Usdc.Format(a.Pending), a.WalletAddress);
                table.AddRow("[bold]treasury[/]", "", Usdc.Format(balances.Treasury.Available), Usdc.Format(balances.Treasury.Pending), balances.Treasury.Address);
                table.Caption($"{Usdc.Format(balances.TotalAvailable)} USDC available in all");
                session.Terminal.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
