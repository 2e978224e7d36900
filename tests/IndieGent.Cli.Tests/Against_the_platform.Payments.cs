using System.Globalization;
using System.Text.Json;
using IndieGent.Testing;

namespace IndieGent.Cli.Tests;

/// <summary>Paying from the terminal: <c>fetch</c>, spending controls, approvals, and following payments.</summary>
public sealed partial class Against_the_platform
{
    [Fact]
    public async Task Fetch_pays_our_middleware_and_prints_the_body_and_with_v_the_challenge_payment_and_receipt()
    {
        var (_, agent) = await OperatorAndAgentAsync(fund: 1_000_000);
        var api = await PaidApiAsync();
        var user = AgentUser(agent);

        var plain = await user.RunAsync("fetch", new Uri(api, "/search").ToString());
        var verbose = await user.RunAsync("fetch", "-v", new Uri(api, "/search").ToString());
        var json = await user.RunAsync("fetch", "-X", "POST", "-d", "{\"q\":\"paid\"}", "-H", "Content-Type: application/json",
            new Uri(api, "/echo").ToString(), "--json");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal("results", plain.Out);
        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.Equal("results", verbose.Out);
        Assert.Contains("< 402 Payment Required", verbose.Error, StringComparison.Ordinal);
        Assert.Contains("< WWW-Authenticate: Payment ", verbose.Error, StringComparison.Ordinal);
        Assert.Contains("* challenge: Mpp evm/charge: 0.12 USDC (120000 base units)", verbose.Error, StringComparison.Ordinal);
        Assert.Matches(@"\* payment: [0-9a-f-]{36} paid by IndieGent: 0\.12 USDC", verbose.Error);
        Assert.Matches(@"\* receipt: success, method evm, reference 0x[0-9a-f]{64}", verbose.Error);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(200, json.Json.GetProperty("status").GetInt32());
        Assert.Equal("{\"q\":\"paid\"}", json.Json.GetProperty("body").GetString());
        var payment = json.Json.GetProperty("payment");
        Assert.Equal("120000", payment.GetProperty("amount").GetString());
        Assert.Equal("success", payment.GetProperty("receipt").GetProperty("status").GetString());

        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(1_000_000 - 3 * Price, wallet.Available);
    }

    [Fact]
    public async Task Policy_set_then_a_fetch_above_the_cap_exits_4_with_the_reason()
    {
        var (op, agent) = await OperatorAndAgentAsync(fund: 1_000_000);
        var api = await PaidApiAsync();
        var operatorUser = OperatorUser(op);

        var set = await operatorUser.RunAsync("policy", "set", agent.Agent.Id.ToString(), "--max-per-payment", "0.05", "--daily-budget", "5",
            "--deny-host", "blocked.example", "--json");
        var show = await operatorUser.RunAsync("policy", "show", agent.Agent.Id.ToString(), "--json");
        var refused = await AgentUser(agent).RunAsync("fetch", new Uri(api, "/search").ToString());
        var refusedJson = await AgentUser(agent).RunAsync("fetch", new Uri(api, "/search").ToString(), "--json");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal(1, set.Json.GetProperty("version").GetInt32());
        var policy = show.Json.GetProperty("policy");
        Assert.Equal(50_000, policy.GetProperty("maxPerPayment").GetInt64());
        Assert.Equal(5_000_000, policy.GetProperty("dailyBudget").GetInt64());
        Assert.Equal(["blocked.example"], policy.GetProperty("deniedHosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(ExitCodes.RefusedByPolicy, refused.ExitCode);
        Assert.Contains("ExceedsPerPaymentLimit", refused.Error, StringComparison.Ordinal);
        Assert.Empty(refused.Out);
        Assert.Equal(ExitCodes.RefusedByPolicy, refusedJson.ExitCode);
        Assert.Equal("ExceedsPerPaymentLimit", refusedJson.ErrorJson.GetProperty("error").GetProperty("problem").GetProperty("reason").GetString());

        // Read-modify-write: a second change keeps the first one's other fields.
        var again = await operatorUser.RunAsync("policy", "set", agent.Agent.Id.ToString(), "--max-per-payment", "none", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(JsonValueKind.Null, again.Json.GetProperty("policy").GetProperty("maxPerPayment").ValueKind);
        Assert.Equal(5_000_000, again.Json.GetProperty("policy").GetProperty("dailyBudget").GetInt64());
        var paid = await AgentUser(agent).RunAsync("fetch", new Uri(api, "/search").ToString());
        Assert.True(paid.ExitCode == 0, paid.ToString());
    }

    [Fact]
    public async Task A_fetch_from_an_empty_wallet_exits_5()
    {
        var (_, agent) = await OperatorAndAgentAsync(fund: 0);
        var api = await PaidApiAsync();

        var run = await AgentUser(agent).RunAsync("fetch", new Uri(api, "/search").ToString());

        Assert.Equal(ExitCodes.InsufficientFunds, run.ExitCode);
        Assert.Contains("does not hold enough", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_approves_a_held_payment_and_the_waiting_fetch_gets_the_body()
    {
        var (op, agent) = await OperatorAndAgentAsync(fund: 1_000_000);
        var api = await PaidApiAsync();
        var operatorUser = OperatorUser(op);
        Assert.Equal(0, (await operatorUser.RunAsync("policy", "set", agent.Agent.Id.ToString(), "--approval-threshold", "0.05")).ExitCode);

        var fetch = AgentUser(agent).RunAsync("fetch", "--wait", "90", new Uri(api, "/search").ToString());
        JsonElement waiting = default;
        await Eventually.HoldsAsync(async () =>
        {
            var list = await operatorUser.RunAsync("approvals", "list", "--json");
            Assert.True(list.ExitCode == 0, list.ToString());
            waiting = list.Json;
            return waiting.GetArrayLength() == 1;
        }, Ct);
        var paymentId = waiting[0].GetProperty("id").GetString()!;
        Assert.Equal(Price, waiting[0].GetProperty("amount").GetInt64());
        var approve = await operatorUser.RunAsync("approvals", "approve", paymentId);
        var paid = await fetch;

        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Contains("approved", approve.Out, StringComparison.Ordinal);
        Assert.True(paid.ExitCode == 0, paid.ToString());
        Assert.Equal("results", paid.Out);
        var again = await operatorUser.RunAsync("approvals", "approve", paymentId);
        Assert.Equal(ExitCodes.Other, again.ExitCode);
        Assert.Contains("only a payment awaiting approval", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payments_list_show_and_watch_and_the_audit_exports_as_csv()
    {
        var (op, agent) = await OperatorAndAgentAsync(fund: 1_000_000);
        var api = await PaidApiAsync();
        var operatorUser = OperatorUser(op);
        var since = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);

        var watch = operatorUser.RunAsync("payments", "watch", "--count", "1", "--json");
        await Task.Delay(1000, Ct);
        var fetch = await AgentUser(agent).RunAsync("fetch", new Uri(api, "/search").ToString(), "--json");
        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        var paymentId = fetch.Json.GetProperty("payment").GetProperty("paymentId").GetString()!;
        var watched = await watch.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(watched.ExitCode == 0, watched.ToString());
        var seen = JsonDocument.Parse(watched.Out.Trim().Split('\n')[0]).RootElement;
        Assert.Equal(paymentId, seen.GetProperty("paymentId").GetString());

        var list = await operatorUser.RunAsync("payments", "list", "--agent", agent.Agent.Id.ToString(), "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal([paymentId], list.Json.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var show = await operatorUser.RunAsync("payments", "show", paymentId, "--json");
        Assert.Equal(Price, show.Json.GetProperty("amount").GetInt64());

        // The merchant's settlement is captured once its block is confirmed.
        await Platform.MineAsync(2);
        string[] rows = [];
        await Eventually.HoldsAsync(async () =>
        {
            var export = await operatorUser.RunAsync("audit", "export", "--format", "csv", "--from", since, "--agent", agent.Agent.Id.ToString());
            Assert.True(export.ExitCode == 0, export.ToString());
            rows = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return rows.Any(r => r.Contains(",HoldCaptured,", StringComparison.Ordinal));
        }, Ct);
        Assert.Equal("sequence,at,agent_id,event,payment_id,amount,merchant,host,tx_hash,challenge_id,detail", rows[0]);
        Assert.Contains(rows, r => r.Contains(",FundsCredited,", StringComparison.Ordinal) && r.Contains(agent.Agent.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains($",HoldPlaced,{paymentId},{Price},", StringComparison.Ordinal));

        var file = Path.Combine(operatorUser.Home, "audit.json");
        var toFile = await operatorUser.RunAsync("audit", "export", "--format", "json", "--output", file, "--json");
        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Equal(file, toFile.Json.GetProperty("file").GetString());
        Assert.Contains(JsonDocument.Parse(await File.ReadAllTextAsync(file, Ct)).RootElement.EnumerateArray(),
            e => e.GetProperty("event").GetString() == "HoldPlaced");
    }
}
