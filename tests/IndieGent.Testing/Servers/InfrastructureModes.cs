using DotNet.Testcontainers.Configurations;

namespace IndieGent.Testing.Servers;

/// <summary>
/// Chooses containers where a Docker engine is available, local processes otherwise; the
/// environment variable <see cref="Setting"/> (<c>auto</c>, <c>containers</c>, <c>local</c>) overrides.
/// </summary>
internal static class InfrastructureModes
{
    public const string Setting = "INDIEGENT_TEST_INFRASTRUCTURE";

    // Testcontainers resolves the Docker endpoint once, from its configuration and the usual
    // sockets; null means none answered. Asking Build() instead costs a DockerUnavailableException.
    private static readonly Lazy<bool> DockerAvailable = new(() => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null);

    public static InfrastructureMode Resolve() =>
        Environment.GetEnvironmentVariable(Setting)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => DockerAvailable.Value ? InfrastructureMode.Containers : InfrastructureMode.LocalProcesses,
            "containers" or "docker" => InfrastructureMode.Containers,
            "local" => InfrastructureMode.LocalProcesses,
            var other => throw new InvalidOperationException($"{Setting} is '{other}'; use auto, containers or local."),
        };
}
