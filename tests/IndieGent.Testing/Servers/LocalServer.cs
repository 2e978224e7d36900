using System.Diagnostics;
using System.Globalization;

namespace IndieGent.Testing.Servers;

/// <summary>
/// A server process the tests run on this machine (a launcher from <c>eng/infra/</c>, or anvil),
/// with its own temporary instance directory, and a reaper that stops it and removes that
/// directory when this object is disposed or when the test process dies.
/// </summary>
/// <remarks>
/// The reaper (<c>eng/infra/reaper.sh</c>) waits on a pipe whose writing end only the test
/// process holds; the kernel closes it when the test process exits, whatever kills it. The
/// server and the reaper each run in their own session (setsid), so a Ctrl+C on the terminal
/// reaches neither directly: the reaper always gets to stop the server in order.
/// </remarks>
internal sealed class LocalServer : IAsyncDisposable
{
    public const string LogFileName = "server.log";

    // The reaper gives a server 40 s to stop cleanly, then kills what is left.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _server;
    private readonly Process _reaper;
    private int _disposed;

    private LocalServer(string name, string directory, Process server, Process reaper)
    {
        Name = name;
        Directory = directory;
        SessionId = server.Id;
        _server = server;
        _reaper = reaper;
    }

    /// <summary>What runs, for messages: <c>postgres</c>, <c>rabbitmq</c>, <c>anvil</c>.</summary>
    public string Name { get; }

    /// <summary>The instance directory: the server's data, its log, and the mark of its processes.</summary>
    public string Directory { get; }

    public string LogFile => Path.Combine(Directory, LogFileName);

    /// <summary>The session the server leads (it is started with setsid): its PID.</summary>
    public int SessionId { get; }

    /// <summary>The instance's live processes (see <see cref="ProcessTable"/>).</summary>
    public IReadOnlyList<int> Processes() => ProcessTable.OfInstance(Directory, SessionId);

    /// <summary>
    /// Starts <paramref name="program"/> with the arguments <paramref name="arguments"/> builds from the
    /// new instance directory; its output goes to <see cref="LogFile"/>.
    /// </summary>
    /// <param name="name">What runs, for messages and the instance directory's name.</param>
    /// <param name="program">The program, found on the PATH.</param>
    /// <param name="arguments">Its arguments, from the new instance directory.</param>
    /// <param name="environment">Variables the program gets besides this process's.</param>
    public static LocalServer Start(string name, string program, Func<string, IEnumerable<string>> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Local servers need Linux or macOS (bash, setsid); use Docker (Testcontainers) on Windows.");
        if (!File.Exists(RepositoryPaths.Reaper))
            throw new InvalidOperationException($"{RepositoryPaths.Reaper} is missing: the repository checkout is incomplete.");

        var directory = System.IO.Directory.CreateTempSubdirectory($"indiegent-{name}-").FullName;
        Process? server = null;
        try
        {
            // Servers that drop root (PostgreSQL runs as the postgres user) must reach their data inside.
            File.SetUnixFileMode(directory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

            // The output goes to a file, not a pipe to us: a server whose test process died must not
            // die of SIGPIPE before the reaper stops it cleanly.
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = directory };
            foreach (var argument in new[] { "bash", "-c", $"exec \"$0\" \"$@\" >>\"${ProcessTable.MarkVariable}/{LogFileName}\" 2>&1 </dev/null", program })
                start.ArgumentList.Add(argument);
            foreach (var argument in arguments(directory))
                start.ArgumentList.Add(argument);
            foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
                start.Environment[variable] = value;
            start.Environment[ProcessTable.MarkVariable] = directory;
            server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");

            var reaperStart = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
            foreach (var argument in new[] { "bash", RepositoryPaths.Reaper, directory, server.Id.ToString(CultureInfo.InvariantCulture) })
                reaperStart.ArgumentList.Add(argument);
            // The reaper kills marked processes at the end: it must not carry a mark itself.
            reaperStart.Environment.Remove(ProcessTable.MarkVariable);
            var reaper = Process.Start(reaperStart) ?? throw new InvalidOperationException($"Could not start the reaper of {name}.");

            return new LocalServer(name, directory, server, reaper);
        }
        catch
        {
            if (server is not null)
                ProcessTable.Kill(ProcessTable.OfInstance(directory, server.Id));
            server?.Dispose();
            TryDeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>
    /// Polls <paramref name="isReady"/> until it returns true. Fails at once, with the server's
    /// log, when the server exits; fails after <paramref name="timeout"/> instead of hanging.
    /// </summary>
    public async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> isReady, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Exception? lastError = null;
        try
        {
            while (true)
            {
                if (_server.HasExited)
                {
                    throw new InvalidOperationException(
                        $"{Name} exited with code {_server.ExitCode} before it was ready.{LogExcerpt()}");
                }

                try
                {
                    if (await isReady(deadline.Token))
                        return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    lastError = e; // Not up yet.
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{Name} was not ready within {timeout.TotalSeconds:0} s" +
                (lastError is null ? "." : $" (last probe: {lastError.GetType().Name}: {lastError.Message}).") +
                LogExcerpt());
        }
    }

    /// <summary>The end of the server's log, for failure messages.</summary>
    public string LogExcerpt()
    {
        try
        {
            var log = File.ReadAllText(LogFile);
            const int length = 4000;
            return log.Length == 0
                ? ""
                : $"{Environment.NewLine}--- {LogFile} (end) ---{Environment.NewLine}{(log.Length > length ? log[^length..] : log)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>
    /// What the death of the test process does, and nothing more: closes the reaper's pipe, so
    /// the reaper alone stops the server and removes the directory. For tests of that path.
    /// </summary>
    internal void CloseReaperPipe() => _reaper.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        // End of input is the reaper's signal: it stops the server cleanly and removes the directory.
        try
        {
            _reaper.StandardInput.Close();
        }
        catch (IOException)
        {
            // The reaper is gone already; what it did not do is done below.
        }

        await WaitForExitAsync(_reaper, StopTimeout);

        // Whatever the reaper could not do, done here: nothing of the instance outlives it.
        ProcessTable.Kill(Processes());
        if (!_reaper.HasExited)
            _reaper.Kill(entireProcessTree: true);
        await WaitForExitAsync(_server, TimeSpan.FromSeconds(5));
        await DeleteDirectoryAsync(Directory);

        _server.Dispose();
        _reaper.Dispose();
    }

    private static async Task WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // Bounded: the caller kills what is left.
        }
    }

    private static async Task DeleteDirectoryAsync(string directory)
    {
        // A process killed a moment ago may still have been writing: retry briefly.
        for (var attempt = 1; attempt < 5 && !TryDeleteDirectory(directory); attempt++)
            await Task.Delay(100 * attempt);
    }

    private static bool TryDeleteDirectory(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
                System.IO.Directory.Delete(directory, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
