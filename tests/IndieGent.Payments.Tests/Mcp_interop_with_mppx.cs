using System.Globalization;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Mcp.Payments;
using IndieGent.Payments.Protocol.Mcp;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using ModelContextProtocol.Protocol;
using Nethereum.Signer;

namespace IndieGent.Payments.Tests;

/// <summary>
/// MPP over MCP against mppx 0.11 (eng/interop mcp-server.mjs and mcp-client.mjs, on @modelcontextprotocol/sdk), both
/// directions, on anvil: a paid tool call is paid once, its receipt comes back, a replayed credential is refused.
/// </summary>
public sealed class Mcp_interop_with_mppx(ChainWorld world) : IClassFixture<ChainWorld>
{
    private const long Price = 11_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Our_mcp_client_pays_a_tool_of_an_mppx_mcp_server()
    {
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        var server = await world.Anvil.CreateFundedAccountAsync(Ct);
        await using var mcp = await NodePeer.StartServerAsync("mcp-server.mjs", new Dictionary<string, string>
        {
            ["RPC_URL"] = world.Anvil.RpcUrl,
            ["CHAIN_ID"] = world.Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["TOKEN"] = world.Token.Address.ToChecksumHex(),
            ["PRICE"] = Price.ToString(CultureInfo.InvariantCulture),
            ["RECIPIENT"] = merchant.ToChecksumHex(),
            ["SERVER_PRIVATE_KEY"] = server.PrivateKey,
            ["MPP_SECRET"] = "mcp-interop-secret-of-at-least-thirty-two-bytes",
            ["PORT"] = "0",
        }, Ct);
        var payer = await world.NewPayerAsync(1_000_000);
        await using var client = await PaidMcpClient.ConnectAsync(mcp.Url, new SelfCustodyPayer(world.PayerOptions(payer)), cancellationToken: Ct);

        var paid = await client.CallToolAsync("forecast", new Dictionary<string, object?> { ["city"] = "Lisbon" }, cancellationToken: Ct);

        Assert.True(paid.Result.IsError != true, JsonSerializer.Serialize(paid.Result) + mcp.Errors);
        Assert.Contains("Lisbon", Assert.IsType<TextContentBlock>(Assert.Single(paid.Result.Content)).Text, StringComparison.Ordinal);
        Assert.Equal("evm", paid.Receipt!.Method);
        Assert.Equal(Price, (long)await world.BalanceAsync(merchant));
        Assert.Equal(1_000_000 - Price, (long)await world.BalanceAsync(payer.Address));
    }

    [Fact]
    public async Task An_mppx_mcp_client_pays_a_tool_of_our_server_and_cannot_replay_its_credential()
    {
        await using var server = await PaidMcpServer.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        var client = new Dictionary<string, string>
        {
            ["URL"] = server.Endpoint.ToString(),
            ["PAYER_PRIVATE_KEY"] = payer.PrivateKey,
            ["RPC_URL"] = world.Anvil.RpcUrl,
            ["CHAIN_ID"] = world.Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["TOKEN"] = world.Token.Address.ToChecksumHex(),
        };

        var result = await NodePeer.RunClientAsync("mcp-client.mjs", client, Ct);

        Assert.True(result.GetProperty("isError").ValueKind == JsonValueKind.False, result.ToString() + server.Logs.All);
        Assert.Equal("Sunny in Lisbon", result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("success", result.GetProperty("receipt").GetProperty("status").GetString());
        Assert.Equal(McpPayment.PaymentRequiredCode, result.GetProperty("paymentRequired").GetProperty("code").GetInt32());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));

        client["CREDENTIAL"] = result.GetProperty("credential").GetRawText();
        var replay = await NodePeer.RunClientAsync("mcp-client.mjs", client, Ct);
        Assert.Equal(McpPayment.VerificationFailedCode, replay.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }
}
