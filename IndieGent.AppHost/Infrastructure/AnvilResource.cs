namespace IndieGent.AppHost.Infrastructure;

/// <summary>The local EVM chain; its connection string is the JSON-RPC URL.</summary>
public sealed class AnvilResource(string name, string command, string workingDirectory, int port)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public string RpcUrl => $"http://127.0.0.1:{Port}";

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{RpcUrl}");
}
