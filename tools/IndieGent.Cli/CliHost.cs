namespace IndieGent.Cli;

/// <summary>
/// What a run of the CLI reads and writes: its standard streams and its environment. The process passes its own
/// (<see cref="FromProcess"/>); tests pass buffers and an environment of their own, so runs never share state.
/// </summary>
public sealed class CliHost
{
    /// <summary>Standard output as bytes (a paid API's body is written as it came).</summary>
    public required Stream StandardOutput { get; init; }

    /// <summary>Standard error: messages, spinners, <c>-v</c> traces.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Standard input (<c>login</c> reads a key from it; <c>-d @-</c> reads a body).</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Whether standard input is a pipe or file rather than a terminal.</summary>
    public bool InputRedirected { get; init; } = true;

    /// <summary>Whether standard output is a terminal (colours and tables sized to it) rather than a pipe or file.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Whether standard error is a terminal (spinners and live tables are drawn only there).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>An environment variable, or null.</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>Standard input as bytes, for a protocol spoken over it (<c>indiegent mcp</c>).</summary>
    public Stream StandardInput { get; init; } = Stream.Null;

    public static CliHost FromProcess() => new()
    {
        StandardOutput = Console.OpenStandardOutput(),
        Error = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true },
        Input = Console.In,
        StandardInput = Console.OpenStandardInput(),
        InputRedirected = Console.IsInputRedirected,
        OutputIsTerminal = !Console.IsOutputRedirected,
        ErrorIsTerminal = !Console.IsErrorRedirected,
        Environment = System.Environment.GetEnvironmentVariable,
    };
}
