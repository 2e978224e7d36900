using IndieGent.Settlement.Api.Chain;

namespace IndieGent.Settlement.Tests;

/// <summary>The RPC URL's key (hosted providers put it in the path) never reaches an exception message.</summary>
public sealed class The_chain_rpc_client
{
    [Fact]
    public async Task An_unreachable_endpoint_fails_without_naming_the_key()
    {
        // Port 9 on loopback: nothing listens, the connection is refused at once.
        var web3 = ChainRpc.Create("http://127.0.0.1:9/v2/secret-rpc-key-0123456789?token=secret-query-token");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => web3.Eth.Blocks.GetBlockNumber.SendRequestAsync());
        var text = error.ToString();
        Assert.Contains("127.0.0.1:9", text);
        Assert.DoesNotContain("secret-rpc-key", text);
        Assert.DoesNotContain("secret-query-token", text);
    }
}
