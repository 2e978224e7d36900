using System.Text.Json.Nodes;
using IndieGent.Testing;

namespace IndieGent.Payments.Tests;

/// <summary>
/// The shared anvil behind a JSON-RPC front that can refuse the next <c>eth_sendRawTransaction</c> with a node's error
/// (as a node does for a transaction it will not take: underpriced, a nonce it no longer expects, its pool full) — after
/// the sender has signed it, so at a nonce it took. Everything else is passed to anvil as it is.
/// </summary>
internal sealed class RefusingNode : IAsyncDisposable
{
    private JsonRpcFront _front = null!;
    private int _refuseNext;
    private int _refused;

    private RefusingNode()
    {
    }

    public Uri Url => _front.Url;

    /// <summary>How many transactions it refused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void RefuseNextRawTransaction() => Volatile.Write(ref _refuseNext, 1);

    public static async Task<RefusingNode> StartAsync(Uri anvil)
    {
        var node = new RefusingNode();
        node._front = await JsonRpcFront.StartAsync(anvil, call =>
        {
            if ((string?)call["method"] != "eth_sendRawTransaction" || Interlocked.Exchange(ref node._refuseNext, 0) != 1)
                return Task.FromResult<JsonNode?>(null);
            Interlocked.Increment(ref node._refused);
            return Task.FromResult<JsonNode?>(JsonRpcFront.Error(call, -32003, "transaction rejected: the test's node refuses it"));
        }, TestContext.Current.CancellationToken);
        return node;
    }

    public async ValueTask DisposeAsync() => await _front.DisposeAsync();
}
