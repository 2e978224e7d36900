using System.CommandLine;

namespace IndieGent.Cli;

/// <summary>What every command shares: the host, the global <c>--json</c> option, and the one way a command runs and fails.</summary>
public sealed class CliContext(CliHost host)
{
    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Machine-readable output: the result as JSON on standard output, an error as JSON on standard error.",
        Recursive = true,
    };

    public CliHost Host => host;

    /// <summary>Sets <paramref name="command"/>'s action: <paramref name="run"/> with a session; any failure reported and mapped to its exit code.</summary>
    public void Action(Command command, Func<ParseResult, Session, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parse, ct) =>
        {
            var terminal = new Terminal(host, parse.GetValue(JsonOption));
            using var session = new Session(host, terminal);
            try
            {
                return await run(parse, session, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                terminal.Fail(new CliException(130, "Interrupted."));
                return 130;
            }
            catch (Exception e)
            {
                var failure = Failures.From(e, session.GatewayAddress);
                terminal.Fail(failure);
                return failure.ExitCode;
            }
        });
}
