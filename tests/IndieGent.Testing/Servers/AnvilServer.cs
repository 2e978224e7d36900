using System.Globalization;

namespace IndieGent.Testing.Servers;

/// <summary>A private anvil chain on a free loopback port.</summary>
internal sealed class AnvilServer(LocalServer server, string rpcUrl) : IAsyncDisposable
{
    public const long ChainId = 31337;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public string RpcUrl { get; } = rpcUrl;

    public LocalServer Server { get; } = server;

    public static async Task<AnvilServer> StartAsync(CancellationToken cancellationToken)
    {
        var anvil = RepositoryPaths.Anvil;
        if (!File.Exists(anvil))
            throw new PrerequisiteMissingException($"anvil ({RepositoryPaths.Relative(anvil)})");

        return await FreePort.StartAsync(port => StartAsync(anvil, port.ToString(CultureInfo.InvariantCulture), cancellationToken));
    }

    private static async Task<AnvilServer> StartAsync(string anvil, string port, CancellationToken cancellationToken)
    {
        // Anvil writes the states it moves out of memory under $HOME/.foundry/anvil/tmp and leaves them there when it is
        // killed (gigabytes after a long chaos run): its home is its own directory (the working directory), removed with it.
        var server = LocalServer.Start("anvil", anvil,
            _ => ["--host", "127.0.0.1", "--port", port, "--chain-id", ChainId.ToString(CultureInfo.InvariantCulture), "--silent"],
            new Dictionary<string, string> { ["HOME"] = "." });
        var anvilServer = new AnvilServer(server, $"http://127.0.0.1:{port}");
        try
        {
            await server.WaitUntilReadyAsync(anvilServer.AnswersAsync, StartTimeout, cancellationToken);
            return anvilServer;
        }
        catch
        {
            await anvilServer.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    // Ready when it answers with the chain id it was started with (not some other server on the port).
    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        var chainId = await JsonRpc.CallAsync(RpcUrl, "eth_chainId", [], cancellationToken);
        return chainId.GetString() == $"0x{ChainId:x}";
    }
}
