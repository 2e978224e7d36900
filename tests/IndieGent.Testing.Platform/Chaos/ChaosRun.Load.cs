using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using IndieGent.Chain;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;

namespace IndieGent.Testing.Platform.Chaos;

/// <summary>What a chaos run's agent pays: a credential kind of MPP, or a marketplace call.</summary>
public enum LoadKind
{
    Authorization,
    Hash,
    Transaction,
    Permit2,
    Marketplace,
}

/// <summary>The chaos run's load: agents paying in a loop, the operator approving, deposits arriving.</summary>
public sealed partial class ChaosRun
{
    private sealed record Answer(Guid? PaymentId, string? Status, string? Authorization);

    // Credentials the merchants could not use yet (the chain paused, a fault on the way): tried again in the quiet phase.
    private readonly ConcurrentQueue<(string Credential, LoadKind Kind)> _unsettled = new();

    // Credentials the merchants submitted and saw accepted: not submitted again (until a reorganisation); why the others failed.
    private readonly ConcurrentDictionary<string, bool> _settled = new();
    private readonly ConcurrentDictionary<string, string> _settleFailures = new();
    private readonly ConcurrentDictionary<Guid, PaymentPlatform.PaymentView> _views = new();

    private async Task PayLoopAsync(PaymentPlatform.AgentCreated agent, int index, CancellationToken ct)
    {
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            // The first agent's every fourth payment is above its approval threshold: it waits for the operator.
            var approval = index == 0 && n % 4 == 0;
            var kind = approval ? LoadKind.Authorization : (LoadKind)((n + index) % 5);
            var key = $"{agent.Agent.Id:N}-{n}";
            switch (kind)
            {
                case LoadKind.Permit2:
                    await PayPaidApiAsync(agent, key, ct);
                    break;
                case LoadKind.Marketplace:
                    await CallMarketplaceAsync(agent, key, n, ct);
                    break;
                default:
                    await PayMerchantAsync(agent, key, kind, approval ? 20_000 : 1_000 + Next(5_000), ct);
                    break;
            }
        }
    }

    private async Task PayMerchantAsync(PaymentPlatform.AgentCreated agent, string key, LoadKind kind, long price, CancellationToken ct)
    {
        var credentialType = kind switch
        {
            LoadKind.Hash => EvmCredentialTypes.Hash,
            LoadKind.Transaction => EvmCredentialTypes.Transaction,
            _ => EvmCredentialTypes.Authorization,
        };
        var challenge = _merchant.Challenge(price, credentialTypes: [credentialType]);
        if (await PayUntilAnsweredAsync(agent, key, kind, _merchant.Url, challenge, ct) is { Authorization: { } credential } && kind != LoadKind.Hash)
            await SettleAsync(credential, kind);
    }

    // A 402 from the paid API, paid through the platform, and the request again with the credential: what the SDK does.
    private async Task PayPaidApiAsync(PaymentPlatform.AgentCreated agent, string key, CancellationToken ct)
    {
        string challenge;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var offer = await http.GetAsync(PaidApiUrl, ct);
            challenge = string.Join(", ", offer.Headers.WwwAuthenticate.Select(h => h.ToString()));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return;
        }

        if (await PayUntilAnsweredAsync(agent, key, LoadKind.Permit2, PaidApiUrl, challenge, ct) is { Authorization: { } credential })
            await SettleAsync(credential, LoadKind.Permit2);
    }

    private async Task CallMarketplaceAsync(PaymentPlatform.AgentCreated agent, string key, int n, CancellationToken ct)
    {
        // The same key again until an answer; the call's id is the payment's.
        for (var attempt = 0; attempt < 20 && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                using var response = await platform.CallAsync(agent.ApiKey, Slug, $"echo/{n}", key);
                if (response.Headers.TryGetValues("IndieGent-Call-Id", out var ids) && Guid.TryParse(ids.Single(), out var id))
                {
                    _paymentsByKey.GetOrAdd("marketplace:" + key, _ => []).Add(id);
                    _payments[id] = (agent, LoadKind.Marketplace);
                }

                if ((int)response.StatusCode < 500)
                    return;
                Interlocked.Increment(ref _unavailable);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _unavailable);
            }

            await Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    // The same key (and challenge) again until an answer: what an agent's SDK does through a fault, at either Gateway.
    private async Task<Answer?> PayUntilAnsweredAsync(PaymentPlatform.AgentCreated agent, string key, LoadKind kind, Uri url, string challenge,
        CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20 && !ct.IsCancellationRequested; attempt++)
        {
            var gateway = Next(2) == 0 ? "gateway" : "gateway#2";
            try
            {
                using var response = await platform.PayAsync(agent.ApiKey, url, challenge, key, waitSeconds: 10, gateway: gateway);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Forbidden or HttpStatusCode.PaymentRequired)
                {
                    var body = await response.Content.ReadFromJsonAsync<Answer>(CancellationToken.None);
                    if (body?.PaymentId is { } id)
                    {
                        _paymentsByKey.GetOrAdd(key, _ => []).Add(id);
                        _payments[id] = (agent, kind);
                    }

                    return response.StatusCode == HttpStatusCode.OK ? body : null;
                }

                Interlocked.Increment(ref _unavailable);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _unavailable);
            }

            await Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        return null;
    }

    // The merchant uses what it was paid with: an authorization submitted from the owner's account, a signed transaction
    // broadcast as it is, a permit presented to the paid API (which settles it).
    private async Task SettleAsync(string credential, LoadKind kind)
    {
        if (_settled.ContainsKey(credential))
            return;
        var owner = kind == LoadKind.Authorization;
        if (owner)
            await _owner.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            switch (kind)
            {
                case LoadKind.Authorization:
                    await _merchant.SettleAsync(platform.Token, credential, timeout.Token);
                    break;
                case LoadKind.Transaction:
                    await _merchant.BroadcastAsync(new Nethereum.Web3.Web3(platform.Anvil.RpcUrl), credential);
                    break;
                case LoadKind.Permit2:
                    using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) })
                    using (var request = new HttpRequestMessage(HttpMethod.Get, PaidApiUrl))
                    {
                        request.Headers.TryAddWithoutValidation("Authorization", credential);
                        using var response = await http.SendAsync(request, timeout.Token);
                        if (response.StatusCode != HttpStatusCode.OK)
                            throw new InvalidOperationException($"the paid API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }

                    break;
            }

            _settled[credential] = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Used already (the chain refuses it again), or the chain was paused: the quiet phase looks at the payment again.
            var why = $"{DateTimeOffset.UtcNow:HH:mm:ss} {e.GetType().Name}: {e.Message}";
            _settleFailures.AddOrUpdate(credential, why, (_, earlier) => earlier + " | " + why);
            _unsettled.Enqueue((credential, kind));
        }
        finally
        {
            if (owner)
                _owner.Release();
        }
    }

    private async Task ApproveLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await ApproveWaitingAsync();
            await Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private async Task ApproveWaitingAsync()
    {
        foreach (var gateway in new[] { "gateway", "gateway#2" })
        {
            try
            {
                using var client = platform.Client(_operatorKey, gateway);
                var waiting = await client.GetFromJsonAsync<List<PaymentPlatform.PaymentView>>("/v1/approvals");
                foreach (var payment in waiting ?? [])
                    using (await client.PostAsync($"/v1/payments/{payment.Id}/approve", null)) { }
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // This Gateway (or what is behind it) is down: the other one.
            }
        }
    }

    private async Task DepositLoopAsync(IReadOnlyList<PaymentPlatform.AgentCreated> agents, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Delay(TimeSpan.FromSeconds(3), ct);
            var agent = agents[Next(agents.Count)];
            await _owner.WaitAsync(CancellationToken.None);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await platform.Token.MintAsync(EvmAddress.Parse(agent.Agent.WalletAddress), 2_000_000, timeout.Token);
                _minted.AddOrUpdate(agent.Agent.Id, 2_000_000, (_, v) => v + 2_000_000);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The chain paused: no deposit this time (nothing was minted, or the mint shows on chain and is counted below).
            }
            finally
            {
                _owner.Release();
            }
        }
    }
}
