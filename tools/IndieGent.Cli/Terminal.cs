using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IndieGent.Cli;

/// <summary>
/// One run's output: results to standard output (a table, or JSON with <c>--json</c>), everything else to standard
/// error (messages, spinners, <c>-v</c>), so a pipe only ever carries the result.
/// </summary>
public sealed class Terminal
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly CliHost _host;

    public Terminal(CliHost host, bool json)
    {
        _host = host;
        IsJson = json;
        Out = new StreamWriter(host.StandardOutput, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        Console = Create(Out, host.OutputIsTerminal);
        Errors = Create(host.Error, host.ErrorIsTerminal);
    }

    /// <summary><c>--json</c>: results as JSON on standard output, errors as JSON on standard error, no decoration.</summary>
    public bool IsJson { get; }

    public TextWriter Out { get; }

    /// <summary>Standard output for tables and text.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error for messages and spinners.</summary>
    public IAnsiConsole Errors { get; }

    public TextWriter ErrorWriter => _host.Error;

    public Stream RawOut => _host.StandardOutput;

    public bool ErrorIsInteractive => _host.ErrorIsTerminal && !IsJson;

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // A pipe has no width: don't wrap ids and URLs at 80 columns.
        if (!terminal)
            console.Profile.Width = 240;
        return console;
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON and a newline.</summary>
    public void WriteJson(object? value)
    {
        Out.Write(value switch
        {
            JsonNode node => node.ToJsonString(Json),
            JsonElement element => JsonSerializer.Serialize(element, Json),
            _ => JsonSerializer.Serialize(value, Json),
        });
        Out.Write('\n');
    }

    /// <summary>A result: JSON with <c>--json</c>, else what <paramref name="render"/> draws.</summary>
    public void Result(object? json, Action render)
    {
        if (IsJson)
            WriteJson(json);
        else
            render();
    }

    public void Write(IRenderable renderable) => Console.Write(renderable);

    public void Line(string markup) => Console.MarkupLine(markup);

    /// <summary>A remark on standard error (never with <c>--json</c>).</summary>
    public void Note(string markup)
    {
        if (!IsJson)
            Errors.MarkupLine(markup);
    }

    /// <summary>Runs <paramref name="work"/> behind a spinner on standard error when that is a terminal.</summary>
    public async Task<T> WaitAsync<T>(string what, Func<Task<T>> work)
    {
        if (!ErrorIsInteractive)
            return await work();
        return await Errors.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(what) + "…", _ => work());
    }

    public async Task WaitAsync(string what, Func<Task> work) => await WaitAsync(what, async () =>
    {
        await work();
        return true;
    });

    /// <summary>The failure as the run's last words: a sentence (or a JSON error object with <c>--json</c>) on standard error.</summary>
    public void Fail(CliException failure)
    {
        if (IsJson)
        {
            var error = new JsonObject
            {
                ["exitCode"] = failure.ExitCode,
                ["message"] = failure.Message,
            };
            if (failure.Problem is { } problem)
                error["problem"] = JsonSerializer.SerializeToNode(problem, Json);
            _host.Error.WriteLine(new JsonObject { ["error"] = error }.ToJsonString(Json));
            return;
        }

        Errors.MarkupLine($"[red]error:[/] {Markup.Escape(failure.Message)}");
    }

    public static string Escape(string? text) => Markup.Escape(text ?? "");
}
