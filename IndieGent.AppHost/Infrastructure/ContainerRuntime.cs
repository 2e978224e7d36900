using System.Diagnostics;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>Answers whether a container runtime (Docker or Podman) is actually running here.</summary>
internal static class ContainerRuntime
{
    public static bool IsAvailable()
    {
        // Aspire's own setting names the runtime when one is configured; otherwise try Docker, then Podman.
        var configured = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME");
        string[] candidates = string.IsNullOrWhiteSpace(configured) ? ["docker", "podman"] : [configured];
        return candidates.Any(Answers);
    }

    private static bool Answers(string runtime)
    {
        try
        {
            // A client without an engine (common on CI machines) fails `info` quickly.
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
                return false;
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
