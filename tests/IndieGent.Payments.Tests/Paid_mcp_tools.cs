using System.Text.Json;
using System.Text.Json.Nodes;
using IndieGent.Mcp.Payments;
using IndieGent.Payments.Protocol.Mcp;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace IndieGent.Payments.Tests;

/// <summary>
/// MPP over MCP between our SDK's <see cref="PaidMcpClient"/> and our <c>WithPaidTools</c> server: a paid tool call is
/// refused with -32042 and its challenge, paid once, answered with the receipt in <c>_meta</c>; a replayed credential is
/// refused with -32043; a free tool costs nothing.
/// </summary>
public sealed class Paid_mcp_tools(ChainWorld world) : IClassFixture<ChainWorld>
{
    private const long Price = 15_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_paid_tool_is_paid_once_and_answers_with_a_receipt_and_a_free_tool_costs_nothing()
    {
        await using var server = await PaidMcpServer.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        await using var client = await PaidMcpClient.ConnectAsync(server.Endpoint, new SelfCustodyPayer(world.PayerOptions(payer)), cancellationToken: Ct);

        var free = await client.CallToolAsync("ping", cancellationToken: Ct);
        var paid = await client.CallToolAsync("forecast", new Dictionary<string, object?> { ["city"] = "Lisbon" }, cancellationToken: Ct);

        Assert.Null(free.Payment);
        Assert.Equal("pong", Assert.IsType<TextContentBlock>(Assert.Single(free.Result.Content)).Text);
        Assert.True(paid.Result.IsError != true, server.Logs.All);
        Assert.Equal("Sunny in Lisbon", Assert.IsType<TextContentBlock>(Assert.Single(paid.Result.Content)).Text);
        Assert.Equal("authorization", paid.Payment!.CredentialType);
        Assert.Equal("evm", paid.Receipt!.Method);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
        Assert.Equal(1_000_000 - Price, await world.BalanceAsync(payer.Address));

        // The same credential again: refused with -32043, nothing moves.
        var credential = PaymentCredential.Parse(paid.Payment.Headers.Single().Value);
        await using var plain = await ModelContextProtocol.Client.McpClient.CreateAsync(
            new ModelContextProtocol.Client.HttpClientTransport(new() { Endpoint = server.Endpoint }), cancellationToken: Ct);
        var replay = await Assert.ThrowsAsync<McpProtocolException>(async () => await plain.CallToolAsync("forecast",
            new Dictionary<string, object?> { ["city"] = "Lisbon" },
            options: new RequestOptions { Meta = new JsonObject { [McpPayment.CredentialMetaKey] = JsonNode.Parse(McpPayment.ToJson(credential).GetRawText()) } },
            cancellationToken: Ct));
        Assert.Equal(McpPayment.VerificationFailedCode, (int)replay.ErrorCode);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task A_call_without_payment_is_refused_on_the_wire_with_error_32042_and_the_challenge_to_pay()
    {
        await using var server = await PaidMcpServer.StartAsync(world, Price);
        using var http = new HttpClient();
        using var call = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"forecast","arguments":{"city":"Porto"}}}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        call.Headers.Accept.ParseAdd("application/json");
        call.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await http.SendAsync(call, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        // One JSON-RPC message, as JSON or as a server-sent event.
        var json = text.TrimStart().StartsWith('{') ? text : text.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))[5..];
        var error = JsonDocument.Parse(json).RootElement.GetProperty("error");
        Assert.Equal(McpPayment.PaymentRequiredCode, error.GetProperty("code").GetInt32());
        var challenge = Assert.Single(McpPayment.ChallengesFromData(error.GetProperty("data"), out var unreadable));
        Assert.Empty(unreadable);
        Assert.Equal(7, JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt32());
        Assert.Equal(new System.Numerics.BigInteger(Price), IndieGent.Payments.Protocol.Evm.EvmChargeRequest.FromChallenge(challenge).Amount);
        Assert.Equal(JsonValueKind.Object, error.GetProperty("data").GetProperty("challenges")[0].GetProperty("request").ValueKind);
    }
}
