namespace IndieGent.Cli;

/// <summary>A failure the CLI explains in one sentence and ends with <see cref="ExitCode"/>.</summary>
/// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
/// <param name="message">What happened, for the person at the terminal.</param>
/// <param name="problem">The API's RFC 9457 problem, when the failure came from one (shown in <c>--json</c> errors).</param>
public sealed class CliException(int exitCode, string message, ApiProblem? problem = null, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public ApiProblem? Problem { get; } = problem;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
