using System.Diagnostics;

namespace IndieGent.Testing;

/// <summary>Runs a program to completion for a test: its exit code and what it wrote (output, then errors).</summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/>; past <paramref name="limit"/> its whole process tree is killed and the wait throws.</summary>
    /// <param name="program">The program (looked up on PATH).</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="directory">Its working directory.</param>
    /// <param name="environment">Variables to set; with <paramref name="onlyThese"/>, the whole environment.</param>
    /// <param name="limit">The longest it may run.</param>
    /// <param name="cancellationToken">The test's token.</param>
    /// <param name="onlyThese">Whether the program sees only <paramref name="environment"/> (not this process's variables).</param>
    /// <returns>The exit code, and the output followed by the errors.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, string directory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan limit, CancellationToken cancellationToken, bool onlyThese = false)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (onlyThese)
            info.Environment.Clear();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var error = await errors;
        return (process.ExitCode, await output + (error.Length > 0 ? "\n" + error : ""));
    }
}
