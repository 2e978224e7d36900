namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// A server the AppHost runs as a local executable through one of the launchers in
/// <c>eng/infra/</c>, on a port chosen before start, exposing a fixed connection string.
/// </summary>
public sealed class LocalServerResource(string name, string launcher, string workingDirectory, ReferenceExpression connectionString)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public string Launcher { get; } = launcher;

    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
