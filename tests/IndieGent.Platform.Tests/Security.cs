using RabbitMQ.Client;
using System.Net;
using System.Net.Http.Json;
using IndieGent.Chain;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using IndieGent.Wallet.Custody;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Platform.Tests;

/// <summary>Who may see and do what through the Gateway, and what never reaches a log.</summary>
public sealed class Security(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    // The chain is reached the way hosted providers serve it: the API key in the URL's path.
    private KeyedRpcEndpoint _rpc = null!;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Chain:RpcUrl"] = _rpc.Url };

    public override async ValueTask InitializeAsync()
    {
        _rpc = await KeyedRpcEndpoint.StartAsync(Anvil.RpcUrl);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _rpc.DisposeAsync();
    }

    [Fact]
    public async Task Agent_keys_spend_but_never_administer_and_operators_see_only_their_own_agents()
    {
        var acme = await Platform.CreateOperatorAsync("Acme");
        var globex = await Platform.CreateOperatorAsync("Globex");
        var mine = await Platform.CreateAgentAsync(acme.ApiKey, "mine");
        var sibling = await Platform.CreateAgentAsync(acme.ApiKey, "sibling");
        var theirs = await Platform.CreateAgentAsync(globex.ApiKey, "theirs");

        using var agent = Platform.Client(mine.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/v1/accounts/{mine.Agent.Id}/balance", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/v1/accounts/{sibling.Agent.Id}/balance", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/v1/accounts/{theirs.Agent.Id}/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/v1/agents", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/v1/agents", new { name = "rogue" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/v1/agents/{mine.Agent.Id}/policy", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/v1/approvals", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/v1/operators", new { name = "x" }, Ct)).StatusCode);

        using var acmeClient = Platform.Client(acme.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await acmeClient.GetAsync($"/v1/agents/{sibling.Agent.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acmeClient.GetAsync($"/v1/agents/{theirs.Agent.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acmeClient.GetAsync($"/v1/accounts/{theirs.Agent.Id}/balance", Ct)).StatusCode);
        var listed = await acmeClient.GetFromJsonAsync<List<PaymentPlatform.AgentView>>("/v1/agents", Ct);
        Assert.DoesNotContain(listed!, a => a.Id == theirs.Agent.Id);
        // An operator key does not pay: paying is what agent keys are for.
        using var pay = await Platform.PayAsync(acme.ApiKey, new Uri("https://x.test"), "Payment id=\"a\"", "k");
        Assert.Equal(HttpStatusCode.Forbidden, pay.StatusCode);
    }

    [Fact]
    public async Task An_administrator_rewraps_the_wallet_keys_through_the_gateway_and_nobody_else_can()
    {
        var op = await Platform.CreateOperatorAsync();
        await Platform.CreateAgentAsync(op.ApiKey);

        using var admin = Platform.Client(PaymentPlatform.AdminKey);
        using var rewrapped = await admin.PostAsync("/v1/admin/master-keys/rewrap", null, Ct);
        Assert.True(rewrapped.StatusCode == HttpStatusCode.OK, await rewrapped.Content.ReadAsStringAsync(Ct));
        Assert.Equal("k1", (await rewrapped.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("activeKeyId").GetString());

        using var operatorClient = Platform.Client(op.ApiKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsync("/v1/admin/master-keys/rewrap", null, Ct)).StatusCode);
        using var anonymous = Platform.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/v1/admin/master-keys/rewrap", null, Ct)).StatusCode);
        // The Wallet's internal address is not reachable through the Gateway at all.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/internal/master-keys/rewrap", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Each_service_reaches_only_its_own_queues_exchanges_and_database()
    {
        // The Wallet's broker user: it may announce agents, nothing else.
        var walletUri = PaymentPlatform.BrokerUserOf(PaymentPlatform.Grants["wallet"]);
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(RabbitMqFixture.As(Platform.BrokerAdminUri, walletUri)) };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        async Task<bool> RefusedAsync(Func<RabbitMQ.Client.IChannel, Task> action)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
            try
            {
                await action(channel);
                return false;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
            {
                return true;
            }
        }

        Assert.False(await RefusedAsync(c => c.ExchangeDeclareAsync("IndieGent.Contracts.Agents:AgentCreated", "fanout", durable: true, cancellationToken: Ct)));
        Assert.True(await RefusedAsync(c => c.ExchangeDeclareAsync("IndieGent.Contracts.Payments:SettlePayment", "fanout", durable: true, cancellationToken: Ct)));
        Assert.True(await RefusedAsync(c => c.ExchangeDeclareAsync("IndieGent.Contracts.Payments:PaymentStatusChanged", "fanout", durable: true, cancellationToken: Ct)));
        Assert.True(await RefusedAsync(c => c.BasicGetAsync("settlement-payments", autoAck: false, Ct)));
        Assert.True(await RefusedAsync(c => c.QueuePurgeAsync("ledger-payment-saga", Ct)));
        Assert.True(await RefusedAsync(c => c.BasicConsumeAsync("ledger-payment-saga", autoAck: false,
            new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(c), Ct)));
        Assert.True(await RefusedAsync(c => c.ExchangeDeleteAsync("settlement-payments", cancellationToken: Ct)));

        // Its database role: its own database, and no other.
        var walletDb = new Npgsql.NpgsqlConnectionStringBuilder(Platform.Setting("ConnectionStrings:walletdb", "wallet")) { Pooling = false };
        await using (var own = new Npgsql.NpgsqlConnection(walletDb.ConnectionString))
            await own.OpenAsync(Ct);
        var ledgerDb = new Npgsql.NpgsqlConnectionStringBuilder(Platform.Setting("ConnectionStrings:ledgerdb", "ledger"));
        walletDb.Database = ledgerDb.Database;
        await using var other = new Npgsql.NpgsqlConnection(walletDb.ConnectionString);
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => other.OpenAsync(Ct));
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);

        // And the Wallet, which holds the master keys, is not told where the chain is.
        Assert.Null(Platform.Services("wallet").GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Chain:RpcUrl"]);
    }

    [Fact]
    public async Task A_client_cannot_assert_an_identity_itself()
    {
        using var client = Platform.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/agents");
        request.Headers.Add(ForwardedIdentityDefaults.HeaderName, "admin");
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var wrongKey = Platform.Client("igk_0123456789abcdef_notakey");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/v1/wallet", Ct)).StatusCode);
    }

    [Fact]
    public async Task No_private_key_api_key_credential_or_configured_secret_appears_in_any_log_line_or_exported_telemetry_of_a_full_payment()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 2_000_000);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);

        using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(700_000), "logged");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        await merchant.SettleAsync(Platform.Token, paid.Authorization!, Ct);
        await Platform.MineAsync(2);
        await Platform.PaymentReachesAsync(agent.ApiKey, paid.PaymentId, "Settled");

        // The test holds the master key, so it can learn the agent's private key and look for it.
        var privateKey = new byte[32];
        var wallet = Platform.Services("wallet");
        await using (var session = wallet.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var envelope = await session.LoadAsync<AgentKeyEnvelope>(agent.Agent.Id, Ct);
            wallet.GetRequiredService<MasterKeyRing>().Open(agent.Agent.Id, EvmAddress.Parse(agent.Agent.WalletAddress), envelope!, privateKey);
        }

        var hex = Convert.ToHexStringLower(privateKey);
        var credentialToken = paid.Authorization!["Payment ".Length..];
        var secrets = new Dictionary<string, string>
        {
            ["private key (hex)"] = hex,
            ["private key (HEX)"] = hex.ToUpperInvariant(),
            ["private key (base64)"] = Convert.ToBase64String(privateKey),
            ["agent API key"] = agent.ApiKey,
            // igk_<keyId>_<secret>: the secret is base64url and may itself contain '_'.
            ["agent API key secret"] = agent.ApiKey.Split('_', 3)[2],
            ["operator API key"] = op.ApiKey,
            ["admin API key"] = PaymentPlatform.AdminKey,
            ["credential"] = credentialToken,
            ["credential (first 40)"] = credentialToken[..40],
            ["chain RPC key"] = _rpc.Key,
            ["identity signing key"] = Platform.Setting("Identity:SigningKey"),
            ["ticket private key"] = Platform.Setting("Tickets:PrivateKey", "ledger"),
            ["master key"] = Platform.MasterKey,
            ["authorization signature"] = ((Payments.Protocol.Evm.EvmAuthorizationPayload)Payments.Protocol.Evm.EvmChargePayload.FromCredential(
                Payments.Protocol.Mpp.PaymentCredential.Parse(paid.Authorization!))).Signature[2..],
        };

        var logs = Platform.Logs.All;
        Assert.NotEmpty(Platform.Logs.Lines);
        Assert.Contains(paid.PaymentId.ToString(), logs); // the payment was logged, just not its secrets
        foreach (var (what, secret) in secrets)
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"The {what} appears in a log line.");

        // What the OpenTelemetry exporters get: spans (the chain's RPC calls among them) and log records.
        var telemetry = Platform.Telemetry.All;
        Assert.Contains(paid.PaymentId.ToString(), telemetry);
        // The RPC calls were traced, with the key's path scrubbed from their URL.
        Assert.Contains("url.full=" + new Uri(_rpc.Url).GetLeftPart(UriPartial.Authority) + Microsoft.Extensions.Hosting.TelemetryRedaction.Redacted, telemetry);
        foreach (var (what, secret) in secrets)
            Assert.False(telemetry.Contains(secret, StringComparison.Ordinal), $"The {what} appears in exported telemetry.");
    }
}
