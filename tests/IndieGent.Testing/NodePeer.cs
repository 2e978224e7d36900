using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace IndieGent.Testing;

/// <summary>
/// A program of <c>eng/interop</c> (mppx, @x402) run with Node: servers until disposed (their
/// <c>READY</c> line gives the URL), clients to completion (their <c>RESULT</c> line is the answer).
/// </summary>
public sealed class NodePeer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private NodePeer(Process process) => _process = process;

    /// <summary>The server's base URL (servers only).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>What the program wrote to stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>Starts a server program and waits for its <c>READY</c> line.</summary>
    /// <param name="script">The program in <c>eng/interop</c>, for example <c>mppx-server.mjs</c>.</param>
    /// <param name="environment">Its settings.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The running server.</returns>
    public static async Task<NodePeer> StartServerAsync(string script, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var peer = Start(script, environment);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("READY ", StringComparison.Ordinal))
                ready.TrySetResult(line["READY ".Length..]);
        };
        peer._process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{script} exited before it was ready: {peer.Errors}"));
        peer._process.BeginOutputReadLine();
        try
        {
            using var json = JsonDocument.Parse(await ready.Task.WaitAsync(StartTimeout, cancellationToken));
            peer.Url = new Uri(json.RootElement.GetProperty("url").GetString()!);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a client program to completion and returns its <c>RESULT</c> object.</summary>
    /// <param name="script">The program in <c>eng/interop</c>, for example <c>mppx-client.mjs</c>.</param>
    /// <param name="environment">Its settings.</param>
    /// <param name="cancellationToken">Cancels the run (the program is killed).</param>
    /// <param name="timeout">How long the program may run (default 60 s).</param>
    /// <returns>The result document.</returns>
    public static async Task<JsonElement> RunClientAsync(string script, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        await using var peer = Start(script, environment);
        var output = new StringBuilder();
        peer._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (output)
                    output.AppendLine(line);
            }
        };
        peer._process.BeginOutputReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        await peer._process.WaitForExitAsync(limit.Token);
        string text;
        lock (output)
            text = output.ToString();
        var result = text.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{script} exited with {peer._process.ExitCode} and no RESULT line: {peer.Errors}");
        return JsonDocument.Parse(result["RESULT ".Length..]).RootElement.Clone();
    }

    private static NodePeer Start(string script, IReadOnlyDictionary<string, string> environment)
    {
        var path = Path.Combine(RepositoryPaths.Interop, script);
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Interop, "node_modules")))
            throw new PrerequisiteMissingException("the interop peers (run ./eng/prereqs.sh: npm ci in eng/interop)");
        var info = new ProcessStartInfo("node", [path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Interop,
        };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new NodePeer(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (peer._stderr)
                    peer._stderr.AppendLine(line);
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        _process.Dispose();
    }
}
