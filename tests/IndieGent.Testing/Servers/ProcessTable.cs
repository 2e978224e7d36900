using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IndieGent.Testing.Servers;

/// <summary>
/// Finds the processes of a local server instance through <c>/proc</c>, the way
/// <c>eng/infra/common.sh</c> does: every process of an instance carries
/// <see cref="MarkVariable"/>=&lt;instance directory&gt; in its environment, which survives
/// daemonizing and re-parenting; the server leads its own session (it is started with setsid);
/// and whatever descends from either belongs to the instance too. The last rule is the one that
/// finds PostgreSQL's helpers, which overwrite their environment with their process titles and
/// each open a session of their own.
/// </summary>
internal static class ProcessTable
{
    public const string MarkVariable = "INDIEGENT_INFRA_DIR";

    /// <summary>Live processes of the instance in <paramref name="instanceDirectory"/> whose server leads session <paramref name="sessionId"/>.</summary>
    public static IReadOnlyList<int> OfInstance(string instanceDirectory, int sessionId)
    {
        var mark = Encoding.UTF8.GetBytes($"{MarkVariable}={instanceDirectory}\0");
        var parentOf = new Dictionary<int, int>();
        var found = new HashSet<int>();
        foreach (var path in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
                Stat(pid) is not { } stat || stat.IsZombie)
            {
                continue;
            }

            parentOf[pid] = stat.ParentId;
            if (stat.SessionId == sessionId || IsMarked(pid, mark))
                found.Add(pid);
        }

        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var (pid, parent) in parentOf)
                grown |= found.Contains(parent) && found.Add(pid);
        }

        return found.Where(IsAlive).ToList();
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie (a zombie holds nothing but its exit status).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { IsZombie: false };

    /// <summary>The process's command name (<c>/proc/PID/comm</c>), or null once it is gone.</summary>
    public static string? Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Kills (SIGKILL) the processes <paramref name="pids"/>.</summary>
    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited meanwhile.
            }
        }
    }

    private static ProcessStat? Stat(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp session ...": the name may hold spaces and parentheses, so split after the last ')'.
        var end = line.LastIndexOf(')');
        var fields = end < 0 || end + 2 >= line.Length ? [] : line[(end + 2)..].Split(' ');
        return fields.Length > 3 &&
            int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) &&
            int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var session)
                ? new ProcessStat(fields[0] is "Z" or "X", parent, session)
                : null;
    }

    private static bool IsMarked(int pid, ReadOnlySpan<byte> mark)
    {
        byte[] environment;
        try
        {
            environment = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // Gone meanwhile, or not ours to read.
        }

        // Entries are NUL-terminated: match whole entries only, not the tail of another variable.
        ReadOnlySpan<byte> rest = environment;
        while (!rest.IsEmpty)
        {
            if (rest.StartsWith(mark))
                return true;
            var next = rest.IndexOf((byte)0);
            if (next < 0)
                return false;
            rest = rest[(next + 1)..];
        }

        return false;
    }

    private readonly record struct ProcessStat(bool IsZombie, int ParentId, int SessionId);
}
