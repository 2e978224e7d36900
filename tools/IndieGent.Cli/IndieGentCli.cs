using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using System.Text;
using IndieGent.Cli.Commands;

namespace IndieGent.Cli;

/// <summary>
/// The <c>indiegent</c> command tree. <see cref="RunAsync"/> is the whole program for a given terminal and environment,
/// so tests run it in-process exactly as the binary does.
/// </summary>
public static class IndieGentCli
{
    public const string ExitCodesHelp =
        "Exit codes: 0 ok, 1 other error, 2 usage, 3 network or authentication, 4 payment refused by policy, 5 insufficient funds, 6 not found.";

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken ct = default)
    {
        var cli = new CliContext(host);
        var root = new RootCommand("indiegent: IndieGent Cloud from a terminal — agents, keys, spending controls, funding, payments, " +
                                   "approvals, audit, the marketplace, and curl for paid APIs.\n" + ExitCodesHelp);
        root.Options.Add(cli.JsonOption);
        // The CLI's own version (the default one names the entry assembly, which is a test host when tests run the tree).
        foreach (var version in root.Options.OfType<VersionOption>())
            version.Action = new PrintVersion();
        root.Subcommands.Add(LoginCommands.Login(cli));
        root.Subcommands.Add(LoginCommands.Logout(cli));
        root.Subcommands.Add(AgentsCommands.Build(cli));
        root.Subcommands.Add(KeysCommands.Build(cli));
        root.Subcommands.Add(PolicyCommands.Build(cli));
        root.Subcommands.Add(FundCommand.Build(cli));
        root.Subcommands.Add(BalanceCommand.Build(cli));
        root.Subcommands.Add(PaymentsCommands.Build(cli));
        root.Subcommands.Add(ApprovalsCommands.Build(cli));
        root.Subcommands.Add(AuditCommands.Build(cli));
        root.Subcommands.Add(MarketplaceCommands.Build(cli));
        root.Subcommands.Add(FetchCommand.Build(cli));
        root.Subcommands.Add(McpCommand.Build(cli));

        var parse = root.Parse(args);
        await using var output = new StreamWriter(host.StandardOutput, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        if (parse.Errors.Count > 0)
        {
            var terminal = new Terminal(host, parse.GetValue(cli.JsonOption));
            var message = string.Join(Environment.NewLine, parse.Errors.Select(e => e.Message)) +
                          $"{Environment.NewLine}See `indiegent {string.Join(' ', CommandPath(parse.CommandResult.Command))} --help`.".Replace("  ", " ");
            terminal.Fail(CliException.Usage(message));
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = host.Error, EnableDefaultExceptionHandler = false }, ct);
    }

    /// <summary>This CLI's version, e.g. 0.1.0.</summary>
    public static string Version { get; } =
        typeof(IndieGentCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (var c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Push(c.Name);
        return names;
    }
}
