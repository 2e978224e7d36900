using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// A new operator learns how to fund an agent (address, EIP-681 request, QR code, confirmations),
/// sends USDC, sees the deposit pending and then credited — once, by its chain id.
/// </summary>
public sealed class Funding_by_deposit(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    public sealed record Token(string Address, string Symbol, int Decimals);

    public sealed record Deposit(string Id, string Amount, string AmountFormatted, string TxHash, long BlockNumber, string Status);

    public sealed record Funding(
        Guid AgentId, long ChainId, Token Token, string Address, string PaymentUri, string QrCodeSvg, int MinimumConfirmations,
        bool CardOnrampAvailable, List<Deposit> Deposits);

    [Fact]
    public async Task Instructions_name_the_wallet_the_token_and_the_confirmations()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);

        var funding = await FundingAsync(client, $"/v1/agents/{agent.Agent.Id}/funding");
        var wallet = EvmAddress.Parse(agent.Agent.WalletAddress).ToChecksumHex();
        var token = Platform.Token.Address.ToChecksumHex();
        Assert.Equal(wallet, funding.Address);
        Assert.Equal(token, funding.Token.Address);
        Assert.Equal(("USDC", 6), (funding.Token.Symbol, funding.Token.Decimals));
        Assert.Equal(Anvil.ChainId, funding.ChainId);
        Assert.Equal(1, funding.MinimumConfirmations);
        Assert.Equal($"ethereum:{token}@{Anvil.ChainId}/transfer?address={wallet}", funding.PaymentUri);
        Assert.Contains("<svg", funding.QrCodeSvg, StringComparison.Ordinal);
        Assert.Empty(funding.Deposits);

        var withAmount = await FundingAsync(client, $"/v1/agents/{agent.Agent.Id}/funding?amount=12.5");
        Assert.Equal($"ethereum:{token}@{Anvil.ChainId}/transfer?address={wallet}&uint256=12500000", withAmount.PaymentUri);
        Assert.NotEqual(funding.QrCodeSvg, withAmount.QrCodeSvg);

        // The agent reads its own instructions; another operator cannot tell the agent exists.
        using var agentClient = Platform.Client(agent.ApiKey);
        Assert.Equal(wallet, (await FundingAsync(agentClient, "/v1/wallet/funding")).Address);
        var stranger = await Platform.CreateOperatorAsync("Stranger");
        using var strangerClient = Platform.Client(stranger.ApiKey);
        await ExpectProblemAsync(await strangerClient.GetAsync($"/v1/agents/{agent.Agent.Id}/funding", Ct), HttpStatusCode.NotFound, "agent-not-found");
        await ExpectProblemAsync(await strangerClient.GetAsync($"/v1/agents/{Guid.NewGuid()}/funding", Ct), HttpStatusCode.NotFound, "agent-not-found");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.1234567")]
    [InlineData("1e6")]
    [InlineData("abc")]
    public async Task A_bad_amount_is_a_problem(string amount)
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        await ExpectProblemAsync(await client.GetAsync($"/v1/agents/{agent.Agent.Id}/funding?amount={Uri.EscapeDataString(amount)}", Ct),
            HttpStatusCode.BadRequest, "invalid-amount");
    }

    [Fact]
    public async Task A_deposit_is_pending_until_confirmed_then_credited_once()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        var path = $"/v1/agents/{agent.Agent.Id}/funding";

        // The mint is mined in a block of its own and nothing else mines here: one block short of its confirmation.
        await Platform.Token.MintAsync(EvmAddress.Parse(agent.Agent.WalletAddress), new BigInteger(5_000_000), Ct);
        var pending = await EventuallyAsync(client, path, f => f.Deposits is [{ Status: "pending-confirmations" }]);
        Assert.Equal(("5000000", "5.000000"), (pending.Deposits[0].Amount, pending.Deposits[0].AmountFormatted));
        Assert.Equal(0, (await Platform.WalletAsync(agent.ApiKey)).Available);

        await Platform.MineAsync(1);
        var credited = await EventuallyAsync(client, path, f => f.Deposits is [{ Status: "credited" }]);
        Assert.Equal(pending.Deposits[0].Id, credited.Deposits[0].Id);
        Assert.Equal(pending.Deposits[0].TxHash, credited.Deposits[0].TxHash);

        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Available == 5_000_000, Ct);
        // More blocks, more scans: nothing more is credited or listed.
        await Platform.MineAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Single((await FundingAsync(client, path)).Deposits);
        Assert.Equal(5_000_000, (await Platform.WalletAsync(agent.ApiKey)).Available);
        Assert.Single(await Platform.AuditAsync(op.ApiKey, agent.Agent.Id), e => e.Event == "FundsCredited");
    }

    private static async Task<Funding> FundingAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<Funding>(Ct))!;
    }

    private static async Task<Funding> EventuallyAsync(HttpClient client, string path, Func<Funding, bool> condition)
    {
        Funding? funding = null;
        await Eventually.HoldsAsync(async () => condition(funding = await FundingAsync(client, path)), Ct);
        return funding!;
    }

    private static async Task ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<PaymentPlatform.Problem>(Ct);
            Assert.EndsWith("/" + type, problem!.Type, StringComparison.Ordinal);
        }
    }
}
