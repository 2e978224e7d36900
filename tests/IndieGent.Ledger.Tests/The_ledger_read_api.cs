using System.Net;
using System.Net.Http.Json;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Apis;
using IndieGent.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using IndieGent.ServiceDefaults.Identity;

namespace IndieGent.Ledger.Tests;

public sealed class The_ledger_read_api(PostgresFixture postgres) : IAsyncLifetime
{
    private WebApplicationFactory<LedgerApi> _factory = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync("ledgerapi");
        _factory = new WebApplicationFactory<LedgerApi>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:ledgerdb", database)
            // The bus is not exercised here; an unreachable broker only affects /health.
            .UseSetting("ConnectionStrings:rabbitmq", "amqp://nobody:nothing@127.0.0.1:1/")
            .UseSetting("Chain:TokenAddress", "0x036cbd53842c5426634e7929541ec2318f3dcf7e")
            .UseSetting(Identities.PublicKeySetting, Identities.PublicKey)
            .UseSetting("Tickets:KeyId", "test")
            .UseSetting("Tickets:PrivateKey", IndieGent.ServiceDefaults.Signing.Es256Keys.GenerateKeyPair().PrivateKey));
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Shows_the_balance_the_payment_and_an_audit_trail_in_json_and_csv()
    {
        var accounts = _factory.Services.GetRequiredService<AccountService>();
        var agent = Guid.NewGuid();
        var operatorId = Guid.NewGuid();
        var payment = Guid.NewGuid();
        await accounts.OpenAsync(agent, operatorId, "0x036cbd53842c5426634e7929541ec2318f3dcf7e", null, Ct);
        await accounts.CreditAsync(agent, "d1", 1_000_000, CreditSource.Deposit, "0xdep", Ct);
        await accounts.ReserveAsync(agent, payment, 10_000, "0x1111111111111111111111111111111111111111", "=api.example.com", "ch-1", Ct);
        await accounts.CaptureAsync(agent, payment, 10_000, "0xfeed", 42, Ct);

        using var http = _factory.ClientAs(IdentityRoles.Operator, operatorId, null);
        var balance = await http.GetFromJsonAsync<AccountsApi.Balance>($"/v1/accounts/{agent}/balance", Ct);
        Assert.Equal(990_000, balance!.Available);
        Assert.Equal(0, balance.Pending);

        var record = await http.GetFromJsonAsync<PaymentsApi.PaymentView>($"/v1/payments/{payment}",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }, Ct);
        Assert.Equal(PaymentLedgerStatus.Captured, record!.Hold);

        var audit = await http.GetFromJsonAsync<List<AuditApi.AuditEntry>>($"/v1/accounts/{agent}/audit", Ct);
        Assert.NotNull(audit);
        Assert.Equal(["AccountOpened", "FundsCredited", "HoldPlaced", "HoldCaptured"], audit.Select(e => e.Event));
        Assert.Equal("0xfeed", audit[3].TxHash);
        Assert.Equal("ch-1", audit[2].ChallengeId);

        var csv = await http.GetStringAsync($"/v1/accounts/{agent}/audit?format=csv", Ct);
        Assert.StartsWith("sequence,at,agent_id,event,payment_id,amount", csv, StringComparison.Ordinal);
        Assert.Contains(",'=api.example.com,", csv, StringComparison.Ordinal); // formula injection neutralised
        Assert.Equal(5, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Lets_an_agent_read_only_its_own_account_and_an_operator_only_its_agents()
    {
        var accounts = _factory.Services.GetRequiredService<AccountService>();
        var (mine, theirs, myOperator) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await accounts.OpenAsync(mine, myOperator, "0x036cbd53842c5426634e7929541ec2318f3dcf7e", null, Ct);
        await accounts.OpenAsync(theirs, Guid.NewGuid(), "0x036cbd53842c5426634e7929541ec2318f3dcf7e", null, Ct);

        async Task<HttpStatusCode> Status(HttpClient client, Guid agent)
        {
            using var response = await client.GetAsync($"/v1/accounts/{agent}/balance", Ct);
            return response.StatusCode;
        }

        using var agentClient = _factory.ClientAs(IdentityRoles.Agent, myOperator, mine);
        Assert.Equal(HttpStatusCode.OK, await Status(agentClient, mine));
        Assert.Equal(HttpStatusCode.NotFound, await Status(agentClient, theirs));

        using var operatorClient = _factory.ClientAs(IdentityRoles.Operator, myOperator, null);
        Assert.Equal(HttpStatusCode.OK, await Status(operatorClient, mine));
        Assert.Equal(HttpStatusCode.NotFound, await Status(operatorClient, theirs));

        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(anonymous, mine));

        // An admin identity signed with a key the Ledger does not trust (any service's own key, say).
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var forged = _factory.ClientAs(IdentityRoles.Admin, null, null, otherKey);
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(forged, mine));
    }

    [Fact]
    public async Task Exports_the_audit_of_all_an_operators_agents_or_one_for_a_time_range_and_nobody_elses()
    {
        var accounts = _factory.Services.GetRequiredService<AccountService>();
        var (first, second, stranger, operatorId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        const string token = "0x036cbd53842c5426634e7929541ec2318f3dcf7e";
        await accounts.OpenAsync(first, operatorId, token, null, Ct);
        await accounts.OpenAsync(stranger, Guid.NewGuid(), token, null, Ct);
        await accounts.CreditAsync(first, "d1", 500_000, CreditSource.Deposit, "0xdep1", Ct);
        await Task.Delay(200, Ct);
        var middle = DateTimeOffset.UtcNow;
        await Task.Delay(200, Ct);
        await accounts.OpenAsync(second, operatorId, token, null, Ct);
        await accounts.CreditAsync(second, "d2", 70_000, CreditSource.Deposit, "0xdep2", Ct);
        await accounts.CreditAsync(stranger, "d3", 1, CreditSource.Deposit, "0xdep3", Ct);
        var payment = Guid.NewGuid();
        await accounts.ReserveAsync(first, payment, 10_000, "0x1111111111111111111111111111111111111111", "api.example.com", "ch-9", Ct);

        using var http = _factory.ClientAs(IdentityRoles.Operator, operatorId, null);
        var all = await http.GetFromJsonAsync<List<AuditApi.AuditEntry>>("/v1/audit", Ct) ?? [];
        Assert.Equal([(first, "AccountOpened"), (first, "FundsCredited"), (second, "AccountOpened"), (second, "FundsCredited"), (first, "HoldPlaced")],
            all.Select(e => (e.AgentId, e.Event)));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "in the order the ledger recorded them");

        var since = await http.GetStringAsync($"/v1/audit?format=csv&from={Uri.EscapeDataString(middle.ToString("O"))}", Ct);
        var rows = since.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sequence,at,agent_id,event,payment_id,amount,merchant,host,tx_hash,challenge_id,detail", rows[0]);
        Assert.Equal([$"{second},AccountOpened", $"{second},FundsCredited", $"{first},HoldPlaced"], rows[1..].Select(r => string.Join(',', r.Split(',')[2..4])));
        Assert.Contains($",{payment},10000,0x1111111111111111111111111111111111111111,api.example.com,,ch-9,", rows[3], StringComparison.Ordinal);

        var before = await http.GetFromJsonAsync<List<AuditApi.AuditEntry>>(
            $"/v1/audit?agentId={first}&to={Uri.EscapeDataString(middle.ToString("O"))}", Ct);
        Assert.Equal(["AccountOpened", "FundsCredited"], before!.Select(e => e.Event));
        var agentOnly = await http.GetFromJsonAsync<List<AuditApi.AuditEntry>>(
            $"/v1/accounts/{first}/audit?from={Uri.EscapeDataString(middle.ToString("O"))}", Ct);
        Assert.Equal(["HoldPlaced"], agentOnly!.Select(e => e.Event));

        using (var notMine = await http.GetAsync($"/v1/audit?agentId={stranger}", Ct))
            Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        foreach (var bad in new[] { "/v1/audit?format=xml", $"/v1/audit?from={Uri.EscapeDataString(middle.ToString("O"))}&to={Uri.EscapeDataString(middle.ToString("O"))}" })
        {
            using var refused = await http.GetAsync(bad, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var agentClient = _factory.ClientAs(IdentityRoles.Agent, operatorId, first);
        using (var forAgent = await agentClient.GetAsync("/v1/audit", Ct))
            Assert.Equal(HttpStatusCode.Forbidden, forAgent.StatusCode);
    }

    [Fact]
    public async Task Reports_spend_per_agent_per_day_and_the_mix_of_payment_states()
    {
        var accounts = _factory.Services.GetRequiredService<AccountService>();
        var (busy, idle, operatorId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        const string token = "0x036cbd53842c5426634e7929541ec2318f3dcf7e";
        await accounts.OpenAsync(busy, operatorId, token, null, Ct);
        await accounts.OpenAsync(idle, operatorId, token, null, Ct);
        await accounts.CreditAsync(busy, "d1", 1_000_000, CreditSource.Deposit, "0xdep", Ct);
        foreach (var amount in new[] { 10_000L, 2_500L })
        {
            var payment = Guid.NewGuid();
            await accounts.ReserveAsync(busy, payment, amount, "0x1111111111111111111111111111111111111111", "api.example.com", null, Ct);
            await accounts.CaptureAsync(busy, payment, amount, "0xfeed", 1, Ct);
        }

        // A held payment counts as spend, as the budgets count it.
        await accounts.ReserveAsync(busy, Guid.NewGuid(), 99_000, "0x1111111111111111111111111111111111111111", "api.example.com", null, Ct);
        await using (var session = _factory.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var (state, age) in new[] { ("Settled", 1), ("Settled", 2), ("Denied", 3), ("AwaitingApproval", 0), ("Settled", 40) })
                session.Store(new IndieGent.Ledger.Api.Payments.PaymentState
                {
                    CorrelationId = Guid.NewGuid(), CurrentState = state, AgentId = busy, OperatorId = operatorId, RequestedAt = now.AddDays(-age),
                });
            session.Store(new IndieGent.Ledger.Api.Payments.PaymentState
            {
                CorrelationId = Guid.NewGuid(), CurrentState = "Settled", AgentId = Guid.NewGuid(), OperatorId = Guid.NewGuid(), RequestedAt = now,
            });
            await session.SaveChangesAsync(Ct);
        }

        using var http = _factory.ClientAs(IdentityRoles.Operator, operatorId, null);
        var spend = await http.GetFromJsonAsync<ReportsApi.SpendReport>("/v1/reports/spend?days=7", Ct);
        Assert.Equal(spend!.To.AddDays(-6), spend.From);
        Assert.Equal([busy, idle], spend.Agents.Select(a => a.AgentId));
        Assert.Equal([0, 0, 0, 0, 0, 0, 111_500], spend.Agents[0].Days);
        Assert.Equal(111_500, spend.Agents[0].Total);
        Assert.Equal(0, spend.Agents[1].Total);

        var mix = await http.GetFromJsonAsync<ReportsApi.PaymentMix>("/v1/reports/payments?days=30",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }, Ct);
        Assert.Equal(4, mix!.Total);
        Assert.Equal(2, mix.ByStatus[IndieGent.Contracts.Payments.PaymentStatus.Settled]);
        Assert.Equal(1, mix.ByStatus[IndieGent.Contracts.Payments.PaymentStatus.Denied]);
        Assert.Equal(1, mix.ByStatus[IndieGent.Contracts.Payments.PaymentStatus.AwaitingApproval]);
        Assert.Equal(0, mix.ByStatus[IndieGent.Contracts.Payments.PaymentStatus.Failed]);

        using var refused = await http.GetAsync("/v1/reports/spend?days=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Answers_an_unknown_account_with_a_problem()
    {
        using var http = _factory.ClientAs(IdentityRoles.Admin, null, null);
        using var response = await http.GetAsync($"/v1/accounts/{Guid.NewGuid()}/balance", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("https://indiegent.dev/problems/account-not-found", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}

/// <summary>What a spreadsheet would run as a formula never leaves the CSV export as one.</summary>
public sealed class The_audit_csv
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Neutralises_a_leading_formula_character(string value)
    {
        var field = IndieGent.Ledger.Api.Apis.AuditCsv.Field(value);
        var unquoted = field.StartsWith('"') ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;
        Assert.Equal("'" + value, unquoted);
    }

    [Theory]
    [InlineData("api.example.com", "api.example.com")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("", "")]
    public void Quotes_per_rfc_4180_and_leaves_plain_text_alone(string value, string expected) =>
        Assert.Equal(expected, IndieGent.Ledger.Api.Apis.AuditCsv.Field(value));
}
