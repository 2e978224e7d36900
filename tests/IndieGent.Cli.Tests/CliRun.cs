using System.Text;
using System.Text.Json;
using IndieGent.Cli;

namespace IndieGent.Cli.Tests;

/// <summary>One run of the <c>indiegent</c> command tree in this process: its exit code and what it wrote.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output read as JSON (the result of a <c>--json</c> run).</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                return JsonDocument.Parse(Out).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"Not JSON ({e.Message}): {this}", e);
            }
        }
    }

    /// <summary>Standard error read as JSON (the error of a <c>--json</c> run).</summary>
    public JsonElement ErrorJson => JsonDocument.Parse(Error).RootElement.Clone();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>A user of the CLI: their own config folder and environment, so tests never share a login.</summary>
public sealed class CliUser : IDisposable
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public CliUser()
    {
        Home = Directory.CreateTempSubdirectory("indiegent-cli-user-").FullName;
        _environment["HOME"] = Home;
        _environment["XDG_CONFIG_HOME"] = Path.Combine(Home, "config");
    }

    public string Home { get; }

    public string ConfigPath => Path.Combine(Home, "config", "indiegent", "config.json");

    /// <summary>Sets (or, with null, removes) an environment variable of this user's runs.</summary>
    public CliUser With(string name, string? value)
    {
        if (value is null)
            _environment.Remove(name);
        else
            _environment[name] = value;
        return this;
    }

    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>A run with <paramref name="input"/> on its standard input.</summary>
    public async Task<CliRun> RunWithInputAsync(string input, params string[] args)
    {
        using var stdout = new MemoryStream();
        await using var stderr = new StringWriter();
        var host = new CliHost
        {
            StandardOutput = stdout,
            Error = stderr,
            Input = new StringReader(input),
            InputRedirected = true,
            Environment = name => _environment.GetValueOrDefault(name),
        };
        var code = await IndieGentCli.RunAsync(args, host, TestContext.Current.CancellationToken);
        return new CliRun(code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(Home, recursive: true);
}
