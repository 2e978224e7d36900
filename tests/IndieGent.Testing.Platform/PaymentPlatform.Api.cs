using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;

namespace IndieGent.Testing.Platform;

/// <summary>The platform's public API as tests use it: operators, agents, funding, policies, payments, the audit trail.</summary>
public sealed partial class PaymentPlatform
{
    public sealed record OperatorCreated(Guid Id, string Name, string KeyId, string ApiKey);

    public sealed record AgentView(Guid Id, Guid OperatorId, string Name, string WalletAddress, bool Disabled);

    public sealed record AgentCreated(AgentView Agent, string KeyId, string ApiKey);

    public sealed record WalletView(Guid AgentId, string WalletAddress, bool Disabled, long ChainId, string Currency, long Available,
        long Pending, long Posted, long MarketplaceUnswept = 0);

    public async Task<OperatorCreated> CreateOperatorAsync(string name = "Acme")
    {
        using var admin = Client(AdminKey);
        using var response = await admin.PostAsJsonAsync("/v1/operators", new { name }, Ct);
        await ExpectAsync(response, System.Net.HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<OperatorCreated>(Ct))!;
    }

    /// <summary>A new agent of the operator, its ledger account open (the account opens when the Ledger hears of it).</summary>
    public async Task<AgentCreated> CreateAgentAsync(string operatorKey, string name = "travel-bot")
    {
        using var client = Client(operatorKey);
        using var response = await client.PostAsJsonAsync("/v1/agents", new { name }, Ct);
        await ExpectAsync(response, System.Net.HttpStatusCode.Created);
        var agent = (await response.Content.ReadFromJsonAsync<AgentCreated>(Ct))!;
        using var agentClient = Client(agent.ApiKey);
        await Eventually.HoldsAsync(async () =>
        {
            using var wallet = await agentClient.GetAsync("/v1/wallet", Ct);
            return wallet.IsSuccessStatusCode;
        }, Ct);
        return agent;
    }

    public async Task<WalletView> WalletAsync(string agentKey)
    {
        using var client = Client(agentKey);
        return (await client.GetFromJsonAsync<WalletView>("/v1/wallet", Ct))!;
    }

    /// <summary>Mints to the agent's wallet and waits until the Ledger credited the confirmed deposit.</summary>
    public Task FundAsync(AgentCreated agent, long amount) => FundAsync([agent], amount);

    /// <summary>Mints to every agent's wallet and waits until the Ledger credited each confirmed deposit.</summary>
    public async Task FundAsync(IReadOnlyList<AgentCreated> agents, long amount)
    {
        var before = new Dictionary<Guid, long>();
        foreach (var agent in agents)
        {
            before[agent.Agent.Id] = (await WalletAsync(agent.ApiKey)).Available;
            await Token.MintAsync(EvmAddress.Parse(agent.Agent.WalletAddress), new BigInteger(amount), Ct);
        }

        // Deep enough for the configured confirmations.
        await MineAsync(int.Parse(Setting("Chain:Confirmations", "settlement"), System.Globalization.CultureInfo.InvariantCulture) + 1);
        await Task.WhenAll(agents.Select(agent =>
            Eventually.HoldsAsync(async () => (await WalletAsync(agent.ApiKey)).Available == before[agent.Agent.Id] + amount, Ct)));
        // Funding's deposit history learns the credit from the Ledger's event a moment later; callers read both.
        await Task.WhenAll(agents.Select(agent => Eventually.HoldsAsync(async () => !await HasUncreditedDepositAsync(agent.ApiKey), Ct)));
    }

    private async Task<bool> HasUncreditedDepositAsync(string agentKey)
    {
        using var client = Client(agentKey);
        using var funding = await client.GetFromJsonAsync<System.Text.Json.JsonDocument>("/v1/wallet/funding", Ct);
        return funding!.RootElement.GetProperty("deposits").EnumerateArray().Any(d => d.GetProperty("status").GetString() != "credited");
    }

    /// <summary>Sets the policy through the Wallet and waits until the Ledger applied that version.</summary>
    public async Task SetPolicyAsync(string operatorKey, Guid agentId, object policy)
    {
        using var client = Client(operatorKey);
        var current = await client.GetAsync($"/v1/agents/{agentId}/policy", Ct);
        current.EnsureSuccessStatusCode();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/agents/{agentId}/policy") { Content = JsonContent.Create(policy) };
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        using var response = await client.SendAsync(put, Ct);
        await ExpectAsync(response, System.Net.HttpStatusCode.OK);
        var version = int.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(async () =>
        {
            var audit = await client.GetFromJsonAsync<List<AuditEntry>>($"/v1/accounts/{agentId}/audit", Ct);
            return audit!.Any(e => e.Event == "SpendingPolicyApplied" && e.Detail == $"version {version}");
        }, Ct);
    }

    public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Event, Guid? PaymentId, long? Amount, string? Merchant,
        string? Host, string? TxHash, string? ChallengeId, string? Detail);

    /// <summary>POST /v1/payments as the agent, with the 402's challenge.</summary>
    /// <param name="gateway">The Gateway instance asked (a replica's name, see <see cref="StartReplicaAsync"/>).</param>
    public async Task<HttpResponseMessage> PayAsync(string agentKey, Uri url, string challenge, string idempotencyKey,
        int? waitSeconds = null, string? maxAmount = null, string gateway = "gateway")
    {
        // One client per key and Gateway, kept: a payment burst must not open a connection per request.
        var client = _payers.GetOrAdd($"{gateway}|{agentKey}", _ => Client(agentKey, gateway));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/payments")
        {
            Content = JsonContent.Create(new { url, wwwAuthenticate = new[] { challenge }, maxAmount }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (waitSeconds is { } wait)
            request.Headers.Add("Prefer", $"wait={wait}");
        return await client.SendAsync(request, Ct);
    }

    public sealed record PaymentResult(Guid PaymentId, string Status, string? Authorization, string Amount, string Currency, string Recipient,
        long ChainId, DateTimeOffset? ValidBefore, string? TxHash, string? Protocol = null, string? CredentialType = null, string? Header = null);

    public sealed record PaymentView(Guid Id, Guid AgentId, string Status, string? Hold, long Amount, string? Recipient, string? Reason,
        string? TxHash, long? BlockNumber, string? Credential);

    public sealed record Problem(string Type, string Title, int Status, string Detail, string? Reason, Guid? PaymentId);

    public async Task<PaymentView> PaymentAsync(string apiKey, Guid paymentId)
    {
        using var client = Client(apiKey);
        return (await client.GetFromJsonAsync<PaymentView>($"/v1/payments/{paymentId}", Ct))!;
    }

    /// <summary>Waits until the payment reaches <paramref name="status"/>.</summary>
    public async Task<PaymentView> PaymentReachesAsync(string apiKey, Guid paymentId, string status)
    {
        PaymentView? view = null;
        await Eventually.HoldsAsync(async () => (view = await PaymentAsync(apiKey, paymentId)).Status == status, Ct);
        return view!;
    }

    public async Task<List<AuditEntry>> AuditAsync(string apiKey, Guid agentId)
    {
        using var client = Client(apiKey);
        return (await client.GetFromJsonAsync<List<AuditEntry>>($"/v1/accounts/{agentId}/audit", Ct))!;
    }

    private static async Task ExpectAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        if (response.StatusCode != status)
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)status}: " +
                await response.Content.ReadAsStringAsync(Ct));
    }
}
