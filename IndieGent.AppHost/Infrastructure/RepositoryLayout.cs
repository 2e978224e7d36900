using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>Where the repository keeps the launchers and the pinned tools the AppHost runs.</summary>
public sealed record RepositoryLayout(string Root, string Anvil, string RabbitMqLauncher, string PostgresLauncher)
{
    /// <summary>Setting to use another anvil binary than the pinned one.</summary>
    public const string AnvilSetting = "IndieGent:AnvilPath";

    public static RepositoryLayout From(string appHostDirectory, IConfiguration configuration)
    {
        var root = Path.GetFullPath(Path.Combine(appHostDirectory, ".."));
        var anvil = configuration[AnvilSetting] is { Length: > 0 } configured
            ? configured
            : Path.Combine(root, "eng", "tools", "node_modules", "@foundry-rs", $"anvil-{NpmPlatform()}", "bin", "anvil");
        return new RepositoryLayout(
            root,
            anvil,
            Path.Combine(root, "eng", "infra", "rabbitmq.sh"),
            Path.Combine(root, "eng", "infra", "postgres.sh"));
    }

    // The npm package of anvil ships one binary package per platform, named as npm names them.
    private static string NpmPlatform()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        return $"{os}-{arch}";
    }
}
