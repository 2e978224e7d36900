using System.Diagnostics;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// The scratch folder for locally run servers: one per AppHost process under the temp folder.
/// Each run starts clean; folders left by AppHosts that are no longer running are removed.
/// </summary>
internal static class LocalDataRoot
{
    public static string Create()
    {
        var parent = Path.Combine(Path.GetTempPath(), "indiegent-apphost");
        Directory.CreateDirectory(parent);
        foreach (var stale in Directory.EnumerateDirectories(parent))
        {
            if (int.TryParse(Path.GetFileName(stale), out var pid) && !IsRunning(pid))
                TryDelete(stale);
        }

        var root = Path.Combine(parent, Environment.ProcessId.ToString());
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            TryDelete(root);
            TryDelete(parent, recursive: false); // only when no other AppHost uses it
        };
        return root;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string path, bool recursive = true)
    {
        try
        {
            Directory.Delete(path, recursive);
        }
        catch (IOException)
        {
            // A server still shutting down may hold a file; the next run removes the folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
