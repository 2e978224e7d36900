using System.Runtime.InteropServices;

namespace IndieGent.Testing;

/// <summary>
/// Where the repository keeps the tools and launchers the fixtures run. The root is found by
/// walking up from the test assembly (or the current directory) to <c>IndieGent.Cloud.sln</c>, so
/// tests work from <c>bin/</c>, from the repository root and from an IDE alike.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "IndieGent.Cloud.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (the directory of <c>IndieGent.Cloud.sln</c>).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The pinned anvil binary that <c>eng/prereqs.sh</c> installs from npm.</summary>
    public static string Anvil => Path.Combine(
        Root, "eng", "tools", "node_modules", "@foundry-rs", $"anvil-{NpmPlatform()}", "bin", "anvil");

    /// <summary><c>eng/infra/postgres.sh</c>: runs a private PostgreSQL server in the foreground.</summary>
    public static string PostgresLauncher => Path.Combine(Root, "eng", "infra", "postgres.sh");

    /// <summary><c>eng/infra/rabbitmq.sh</c>: runs a private RabbitMQ node in the foreground.</summary>
    public static string RabbitMqLauncher => Path.Combine(Root, "eng", "infra", "rabbitmq.sh");

    /// <summary><c>eng/infra/reaper.sh</c>: stops a server when the test process is done with it or dies.</summary>
    public static string Reaper => Path.Combine(Root, "eng", "infra", "reaper.sh");

    /// <summary><c>eng/interop</c>: the reference JavaScript peers (mppx, @x402) of the interoperability tests.</summary>
    public static string Interop => Path.Combine(Root, "eng", "interop");

    /// <summary><c>eng/prereqs.sh</c>: installs what the fixtures need.</summary>
    public static string Prerequisites => Path.Combine(Root, "eng", "prereqs.sh");

    /// <summary><paramref name="path"/> relative to the repository root, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                    return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: " +
            "run the tests from inside the repository.");
    }

    // anvil's npm package ships one binary package per platform, named the way npm names platforms.
    private static string NpmPlatform()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        return $"{os}-{arch}";
    }
}
