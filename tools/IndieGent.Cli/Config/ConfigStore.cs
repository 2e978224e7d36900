using System.Text.Json;

namespace IndieGent.Cli.Config;

/// <summary>
/// The user's CLI configuration: <c>$XDG_CONFIG_HOME/indiegent/config.json</c> (else <c>~/.config/indiegent/config.json</c>;
/// <c>%APPDATA%\indiegent</c> on Windows; <c>INDIEGENT_CONFIG</c> names another file). The file holds an API key, so it is
/// written readable by its owner only (0600, in a 0700 folder) and replaced atomically.
/// </summary>
public sealed class ConfigStore(Func<string, string?> environment)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = Locate(environment);

    private static string Locate(Func<string, string?> environment)
    {
        if (environment("INDIEGENT_CONFIG") is { Length: > 0 } explicitPath)
            return System.IO.Path.GetFullPath(explicitPath);
        string folder;
        if (OperatingSystem.IsWindows())
            folder = environment("APPDATA") is { Length: > 0 } appData ? appData : Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
        else if (environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && System.IO.Path.IsPathRooted(xdg))
            folder = xdg;
        else
            folder = System.IO.Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(folder, "indiegent", "config.json");
    }

    public CliConfig? Load()
    {
        if (!File.Exists(Path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(Path), Json);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Other, $"{Path} is not a configuration this CLI wrote ({e.Message}); run indiegent logout, then login again.");
        }
    }

    public void Save(CliConfig config)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Written beside the target with the final mode from its creation (never briefly readable by others), then moved over it.
        var temporary = Path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var file = new FileStream(temporary, options))
                JsonSerializer.Serialize(file, config, Json);
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Forgets the key; true when there was one.</summary>
    public bool Delete()
    {
        if (!File.Exists(Path))
            return false;
        File.Delete(Path);
        return true;
    }
}
