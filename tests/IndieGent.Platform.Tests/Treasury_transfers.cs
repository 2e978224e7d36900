using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Platform.Tests;

/// <summary>
/// An operator's treasury: a custodial wallet with its own ledger account and deposit instructions,
/// and transfers treasury ↔ agent settled by EIP-3009 authorizations the platform's relayer sends,
/// so neither wallet needs the chain's native coin; the ledger equals the chain afterwards.
/// </summary>
public sealed class Treasury_transfers(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    public sealed record Treasury(Guid TreasuryId, string Address, long ChainId, string Currency, long Available, long Pending, long Posted);

    public sealed record Deposit(string Id, string Amount, string TxHash, string Status);

    public sealed record Funding(Guid AgentId, string Address, string PaymentUri, int MinimumConfirmations, List<Deposit> Deposits);

    public sealed record Transfer(
        Guid Id, Guid AgentId, string Direction, string Amount, string From, string To, string Status, string? TxHash, long? BlockNumber,
        string? Reason, string? Detail);

    private Web3 Chain => new(Anvil.RpcUrl);

    [Fact]
    public async Task A_new_operators_treasury_has_deposit_instructions_and_is_credited_by_a_deposit()
    {
        var op = await Platform.CreateOperatorAsync();
        using var client = Platform.Client(op.ApiKey);

        var treasury = await TreasuryAsync(client);
        Assert.Equal((0L, 0L), (treasury.Available, treasury.Posted));
        var funding = await EventuallyFundingAsync(client, f => true);
        Assert.Equal(EvmAddress.Parse(treasury.Address).ToChecksumHex(), funding.Address);
        Assert.Equal(treasury.TreasuryId, funding.AgentId);
        Assert.Contains($"/transfer?address={funding.Address}", funding.PaymentUri, StringComparison.Ordinal);
        Assert.Equal(1, funding.MinimumConfirmations);

        await Platform.Token.MintAsync(EvmAddress.Parse(treasury.Address), new BigInteger(5_000_000), Ct);
        await Platform.MineAsync(1);
        var credited = await EventuallyFundingAsync(client, f => f.Deposits is [{ Status: "credited" }]);
        Assert.Equal("5000000", credited.Deposits[0].Amount);
        await Eventually.HoldsAsync(async () => (await TreasuryAsync(client)).Available == 5_000_000, Ct);
        await AssertLedgerEqualsChainAsync(treasury.Address, (await TreasuryAsync(client)).Posted);

        // The treasury is the operator's alone: another operator has its own.
        var stranger = await Platform.CreateOperatorAsync("Stranger");
        using var strangerClient = Platform.Client(stranger.ApiKey);
        Assert.NotEqual(treasury.TreasuryId, (await TreasuryAsync(strangerClient)).TreasuryId);
    }

    [Fact]
    public async Task Treasury_to_agent_and_back_is_relayed_without_native_coin_and_the_ledger_equals_the_chain()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        var treasury = await FundTreasuryAsync(client, 10_000_000);

        var out1 = await CompletedAsync(client, agent.Agent.Id, await CreateAsync(client, agent.Agent.Id, "to-agent", "4000000", "fund-1", HttpStatusCode.Accepted));
        Assert.Equal(("to-agent", "4000000"), (out1.Direction, out1.Amount));
        Assert.Equal(EvmAddress.Parse(treasury.Address), EvmAddress.Parse(out1.From));
        Assert.Equal(EvmAddress.Parse(agent.Agent.WalletAddress), EvmAddress.Parse(out1.To));
        // The relayer sent it: the source's money moved, the source sent nothing.
        var tx = await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(out1.TxHash);
        Assert.Equal(Platform.Relayer, EvmAddress.Parse(tx.From));
        await Platform.MineAsync(1);
        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Available == 4_000_000, Ct);

        var back = await CompletedAsync(client, agent.Agent.Id, await CreateAsync(client, agent.Agent.Id, "to-treasury", "1500000", "back-1", HttpStatusCode.Accepted));
        Assert.Equal(EvmAddress.Parse(agent.Agent.WalletAddress), EvmAddress.Parse(back.From));
        await Platform.MineAsync(1);
        await Eventually.HoldsAsync(async () => (await TreasuryAsync(client)).Available == 7_500_000, Ct);

        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal((2_500_000L, 0L), (wallet.Available, wallet.Pending));
        await AssertLedgerEqualsChainAsync(agent.Agent.WalletAddress, wallet.Posted);
        await AssertLedgerEqualsChainAsync(treasury.Address, (await TreasuryAsync(client)).Posted);
        foreach (var address in new[] { treasury.Address, agent.Agent.WalletAddress })
        {
            Assert.Equal(BigInteger.Zero, (await Chain.Eth.GetBalance.SendRequestAsync(address, BlockParameter.CreateLatest())).Value);
            Assert.Equal(BigInteger.Zero, (await Chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(address)).Value);
        }

        // The agent's transfers, newest first, as the operator asked for them.
        var listed = await client.GetFromJsonAsync<List<Transfer>>($"/v1/agents/{agent.Agent.Id}/funding/transfers", Ct);
        Assert.Equal([(back.Id, "to-treasury", "completed"), (out1.Id, "to-agent", "completed")], listed!.Select(t => (t.Id, t.Direction, t.Status)));

        // The audit trail names both moves on the agent's account: the credit in, the capture out.
        var audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        Assert.Single(audit, e => e.Event == "FundsCredited" && e.Amount == 4_000_000);
        Assert.Single(audit, e => e.Event == "HoldCaptured" && e.PaymentId == back.Id && e.Amount == 1_500_000);
    }

    [Fact]
    public async Task The_same_idempotency_key_moves_money_once()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        await FundTreasuryAsync(client, 3_000_000);

        var first = await CreateAsync(client, agent.Agent.Id, "to-agent", "1000000", "once", HttpStatusCode.Accepted);
        var again = await CreateAsync(client, agent.Agent.Id, "to-agent", "1000000", "once", HttpStatusCode.OK);
        Assert.Equal(first.Id, again.Id);
        await ExpectProblemAsync(await PostAsync(client, agent.Agent.Id, "to-agent", "2000000", "once"), HttpStatusCode.Conflict, "idempotency-key-reused");
        await ExpectProblemAsync(await PostAsync(client, agent.Agent.Id, "to-treasury", "1000000", "once"), HttpStatusCode.Conflict, "idempotency-key-reused");

        await CompletedAsync(client, agent.Agent.Id, first);
        Assert.Equal(first.Id, (await CreateAsync(client, agent.Agent.Id, "to-agent", "1000000", "once", HttpStatusCode.OK)).Id);
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Available == 1_000_000, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(2_000_000, (await TreasuryAsync(client)).Available);
        Assert.Equal(new BigInteger(1_000_000), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
    }

    [Fact]
    public async Task A_short_source_is_refused_with_nothing_held()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        await FundTreasuryAsync(client, 1_000_000);

        await ExpectProblemAsync(await PostAsync(client, agent.Agent.Id, "to-agent", "1000001", "too-much"), (HttpStatusCode)422,
            "treasury-insufficient-funds");
        await ExpectProblemAsync(await PostAsync(client, agent.Agent.Id, "to-treasury", "1", "agent-empty"), (HttpStatusCode)422, "insufficient-funds");

        var treasury = await TreasuryAsync(client);
        Assert.Equal((1_000_000L, 0L), (treasury.Available, treasury.Pending));
        Assert.Equal(0, (await Platform.WalletAsync(agent.ApiKey)).Pending);
        await ExpectProblemAsync(await client.GetAsync($"/v1/agents/{agent.Agent.Id}/funding/transfers/{Guid.NewGuid()}", Ct),
            HttpStatusCode.NotFound, "transfer-not-found");
        // Refused requests recorded nothing: the same key works once the money is there.
        Assert.Equal("pending", (await CreateAsync(client, agent.Agent.Id, "to-agent", "1000000", "too-much-2", HttpStatusCode.Accepted)).Status);
    }

    [Theory]
    [InlineData("to-agent", "0", "invalid-amount")]
    [InlineData("to-agent", "-1", "invalid-amount")]
    [InlineData("to-agent", "1.5", "invalid-amount")]
    [InlineData("to-agent", "1e6", "invalid-amount")]
    [InlineData("to-agent", "99999999999999999999", "invalid-amount")]
    [InlineData("to-agent", null, "invalid-amount")]
    [InlineData("sideways", "1000", "invalid-direction")]
    [InlineData(null, "1000", "invalid-direction")]
    public async Task A_bad_request_is_a_problem(string? direction, string? amount, string type)
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        await ExpectProblemAsync(await PostAsync(client, agent.Agent.Id, direction, amount, "bad"), HttpStatusCode.BadRequest, type);
        await ExpectProblemAsync(await PostAsync(client, agent.Agent.Id, "to-agent", "1000", key: null), HttpStatusCode.BadRequest,
            "idempotency-key-required");
    }

    [Fact]
    public async Task An_agent_key_cannot_transfer_and_another_operators_agent_is_not_found()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        await FundTreasuryAsync(client, 2_000_000);
        var transfer = await CreateAsync(client, agent.Agent.Id, "to-agent", "500000", "mine", HttpStatusCode.Accepted);

        using var agentClient = Platform.Client(agent.ApiKey);
        using (var byAgent = await PostAsync(agentClient, agent.Agent.Id, "to-treasury", "1", "agent-try"))
            Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.GetAsync("/v1/treasury", Ct)).StatusCode);

        var stranger = await Platform.CreateOperatorAsync("Stranger");
        using var strangerClient = Platform.Client(stranger.ApiKey);
        await FundTreasuryAsync(strangerClient, 1_000_000);
        await ExpectProblemAsync(await PostAsync(strangerClient, agent.Agent.Id, "to-agent", "1000", "steal"), HttpStatusCode.NotFound, "agent-not-found");
        await ExpectProblemAsync(await PostAsync(strangerClient, agent.Agent.Id, "to-treasury", "1000", "steal-back"), HttpStatusCode.NotFound,
            "agent-not-found");
        await ExpectProblemAsync(await strangerClient.GetAsync($"/v1/agents/{agent.Agent.Id}/funding/transfers/{transfer.Id}", Ct),
            HttpStatusCode.NotFound, "transfer-not-found");
        await ExpectProblemAsync(await strangerClient.GetAsync($"/v1/agents/{agent.Agent.Id}/funding/transfers", Ct), HttpStatusCode.NotFound,
            "agent-not-found");
        await ExpectProblemAsync(await client.GetAsync($"/v1/agents/{agent.Agent.Id}/funding/transfers?limit=0", Ct), HttpStatusCode.BadRequest,
            "invalid-request");
        // Nor is a treasury an agent to transfer to.
        await ExpectProblemAsync(await PostAsync(client, (await TreasuryAsync(client)).TreasuryId, "to-agent", "1000", "self"), HttpStatusCode.NotFound,
            "agent-not-found");
        Assert.Equal(1_000_000, (await TreasuryAsync(strangerClient)).Available);
    }

    private static async Task<Treasury> TreasuryAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/treasury", Ct);
        Assert.True(response.IsSuccessStatusCode, $"/v1/treasury: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<Treasury>(Ct))!;
    }

    private static async Task<Funding> EventuallyFundingAsync(HttpClient client, Func<Funding, bool> condition)
    {
        Funding? funding = null;
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await client.GetAsync("/v1/treasury/funding", Ct);
            return response.IsSuccessStatusCode && condition(funding = (await response.Content.ReadFromJsonAsync<Funding>(Ct))!);
        }, Ct);
        return funding!;
    }

    /// <summary>Mints to the operator's treasury and waits until the Ledger credited the confirmed deposit.</summary>
    private async Task<Treasury> FundTreasuryAsync(HttpClient client, long amount)
    {
        var treasury = await TreasuryAsync(client);
        // Its account opens when the Ledger hears of it; Settlement watches its address from then on too.
        await EventuallyFundingAsync(client, _ => true);
        await Platform.Token.MintAsync(EvmAddress.Parse(treasury.Address), new BigInteger(amount), Ct);
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () => (await TreasuryAsync(client)).Available == treasury.Available + amount, Ct);
        return await TreasuryAsync(client);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Guid agentId, string? direction, string? amount, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{agentId}/funding/transfers")
        {
            Content = JsonContent.Create(new { direction, amount }),
        };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<Transfer> CreateAsync(HttpClient client, Guid agentId, string direction, string amount, string key, HttpStatusCode expected)
    {
        using var response = await PostAsync(client, agentId, direction, amount, key);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<Transfer>(Ct))!;
    }

    private static async Task<Transfer> CompletedAsync(HttpClient client, Guid agentId, Transfer transfer)
    {
        Transfer? seen = null;
        await Eventually.HoldsAsync(async () =>
        {
            seen = (await client.GetFromJsonAsync<Transfer>($"/v1/agents/{agentId}/funding/transfers/{transfer.Id}", Ct))!;
            Assert.NotEqual("failed", seen.Status);
            return seen.Status == "completed";
        }, Ct);
        return seen!;
    }

    private async Task AssertLedgerEqualsChainAsync(string address, long posted) =>
        Assert.Equal(new BigInteger(posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(address), Ct));

    private static async Task ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith("/" + type, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        }
    }
}
