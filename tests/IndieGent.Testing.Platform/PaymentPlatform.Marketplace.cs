using System.Net.Http.Json;

namespace IndieGent.Testing.Platform;

/// <summary>The marketplace's public API as tests use it: providers, services and calls.</summary>
public sealed partial class PaymentPlatform
{
    public sealed record ProviderCreated(Guid Id, string Name, string PayoutAddress);

    public async Task<ProviderCreated> CreateProviderAsync(string operatorKey, string payoutAddress, string name = "Acme Data")
    {
        using var client = Client(operatorKey);
        using var response = await client.PostAsJsonAsync("/v1/marketplace/providers", new { name, payoutAddress }, Ct);
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<ProviderCreated>(Ct))!;
    }

    /// <summary>Lists (or redefines) a proxied service; <paramref name="definition"/> is the PUT body.</summary>
    public async Task PutServiceAsync(string operatorKey, string slug, object definition)
    {
        using var client = Client(operatorKey);
        using var response = await client.PutAsJsonAsync($"/v1/marketplace/services/{slug}", definition, Ct);
        await EnsureAsync(response);
    }

    /// <summary>Calls a marketplace service through the proxy (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> CallAsync(string agentKey, string slug, string path, string? idempotencyKey = null,
        HttpMethod? method = null, HttpContent? content = null)
    {
        using var client = Client(agentKey);
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"/v1/marketplace/{slug}/{path.TrimStart('/')}") { Content = content };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request, Ct);
    }

    public sealed record SettlementProvider(string PayoutAddress, long Earned, long Unswept, long Swept, long PaidOut, long Payable, long Held,
        long PayingOut);

    public sealed record Settlement(string? SettlementWallet, long Unswept, long Sweeping, long Swept, long PaidOut, long PayingOut, long Held,
        List<SettlementProvider> Providers);

    public sealed record StartedTransfer(Guid TransferId, Guid AccountId, string To, long Amount);

    public sealed record SettlementRun(string Kind, List<StartedTransfer> Started, int Skipped);

    public sealed record SettlementTransfer(Guid Id, string Kind, Guid AccountId, string From, string To, long Amount, string Status, string? TxHash,
        long? BlockNumber, string? Reason);

    /// <summary>Where the marketplace's money is (admin), once the Wallet has announced the settlement wallet.</summary>
    public async Task<Settlement> SettlementAsync()
    {
        using var admin = Client(AdminKey);
        Settlement? seen = null;
        await Eventually.HoldsAsync(async () =>
            (seen = await admin.GetFromJsonAsync<Settlement>("/v1/admin/marketplace/settlement", Ct))!.SettlementWallet is not null, Ct);
        return seen!;
    }

    /// <summary>Starts a sweep run now (admin); <paramref name="minimum"/> overrides the configured one.</summary>
    public Task<SettlementRun> SweepAsync(string? minimum = null) => RunSettlementAsync("sweeps", minimum);

    /// <summary>Starts a payout run now (admin); <paramref name="minimum"/> overrides the configured one.</summary>
    public Task<SettlementRun> PayOutAsync(string? minimum = null) => RunSettlementAsync("payouts", minimum);

    public async Task<List<SettlementTransfer>> SettlementTransfersAsync()
    {
        using var admin = Client(AdminKey);
        return (await admin.GetFromJsonAsync<List<SettlementTransfer>>("/v1/admin/marketplace/settlement/transfers", Ct))!;
    }

    /// <summary>Waits until every transfer of <paramref name="run"/> is confirmed (a failed one fails the wait).</summary>
    public async Task<List<SettlementTransfer>> CompletedAsync(SettlementRun run)
    {
        var ids = run.Started.Select(s => s.TransferId).ToHashSet();
        List<SettlementTransfer> seen = [];
        await Eventually.HoldsAsync(async () =>
        {
            seen = (await SettlementTransfersAsync()).Where(t => ids.Contains(t.Id)).ToList();
            if (seen.FirstOrDefault(t => t.Status == "failed") is { } failed)
                throw new InvalidOperationException($"The {failed.Kind} {failed.Id} failed: {failed.Reason}.");
            return seen.Count == ids.Count && seen.All(t => t.Status == "completed");
        }, Ct, TimeSpan.FromSeconds(90));
        return seen;
    }

    private async Task<SettlementRun> RunSettlementAsync(string kind, string? minimum)
    {
        await SettlementAsync();
        using var admin = Client(AdminKey);
        using var response = await admin.PostAsJsonAsync($"/v1/admin/marketplace/settlement/{kind}", new { minimum }, Ct);
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<SettlementRun>(Ct))!;
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: " +
                await response.Content.ReadAsStringAsync(Ct));
    }
}
