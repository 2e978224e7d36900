namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// Fails fast, with the command to run, when something the chosen mode needs is missing —
/// instead of a resource that never becomes healthy.
/// </summary>
internal static class Prerequisites
{
    private const string InstallFix = "Run ./eng/prereqs.sh (as root it installs what is missing; otherwise it prints the command).";
    private const string ContainerFix =
        $"Start Docker or Podman, or set {InfrastructureExtensions.ModeSetting} to executables (environment: IndieGent__Infrastructure=executables).";

    public static void EnsureAvailable(RepositoryLayout layout, InfrastructureMode mode)
    {
        var missing = new List<string>();
        if (!File.Exists(layout.Anvil))
            missing.Add($"anvil (expected at {layout.Anvil})");

        if (mode == InfrastructureMode.Containers && !ContainerRuntime.IsAvailable())
        {
            throw new PrerequisiteException(
                $"{InfrastructureExtensions.ModeSetting}=containers was requested, but no container runtime answers. {ContainerFix}");
        }

        if (mode == InfrastructureMode.Executables)
        {
            if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
                missing.Add("rabbitmq-server (Debian package rabbitmq-server)");
            if (!Directory.Exists("/usr/lib/postgresql") ||
                !Directory.EnumerateFiles("/usr/lib/postgresql", "postgres", SearchOption.AllDirectories).Any())
                missing.Add("PostgreSQL server (Debian package postgresql)");
        }

        if (missing.Count > 0)
            throw new PrerequisiteException($"Missing prerequisites: {string.Join("; ", missing)}. {InstallFix}");
    }
}
