using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Sdk;
using IndieGent.Settlement.Api.Relaying;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;

namespace IndieGent.Platform.Tests;

/// <summary>
/// A <c>hash</c> (or older dialect) payment is an EIP-3009 authorization from the agent's wallet
/// that the platform's relayer sends and pays gas for: an agent without any of the chain's native
/// coin pays such services. Relayer nonces under concurrency, stuck, dropped and dead relays, health.
/// </summary>
public sealed class The_gas_relayer(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 70_000;
    private const long Funded = 1_000_000;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Settlement:StuckAfter"] = "00:00:02",
    };

    private Web3 Chain => new(Anvil.RpcUrl);

    /// <summary>An agent with USDC and not one wei of the chain's native coin.</summary>
    private async Task<PaymentPlatform.AgentCreated> AgentWithoutGasAsync(string name = "travel-bot")
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey, name);
        await Platform.FundAsync(agent, Funded);
        Assert.Equal(BigInteger.Zero, await NativeBalanceAsync(agent.Agent.WalletAddress));
        return agent;
    }

    private async Task<BigInteger> NativeBalanceAsync(string address) =>
        (await Chain.Eth.GetBalance.SendRequestAsync(address, BlockParameter.CreateLatest())).Value;

    private async Task<long> NonceOfAsync(EvmAddress address) =>
        (long)(await Chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(address.ToChecksumHex(), BlockParameter.CreateLatest())).Value;

    private async Task AssertLedgerEqualsChainAsync(PaymentPlatform.AgentCreated agent)
    {
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Pending == 0, Ct);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(new BigInteger(wallet.Posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
    }

    private async Task<Transaction> TransactionAsync(string hash) => await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash);

    [Fact]
    public async Task A_hash_is_paid_for_an_agent_without_native_coin_by_the_relayer()
    {
        var agent = await AgentWithoutGasAsync();
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApis.StartAsync(Platform, Price, merchant, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(EvmCredentialTypes.Hash);
        }, await Postgres.CreateDatabaseAsync("replay", Ct));
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        using var response = await sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var payment = response.GetPayment()!;
        Assert.Equal(EvmCredentialTypes.Hash, payment.Proof.CredentialType);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, payment.Proof.PaymentId!.Value, "Settled");
        Assert.Equal(payment.Receipt!.Reference, settled.TxHash, ignoreCase: true);
        // The relayer sent it and paid its gas; the agent's wallet still holds no native coin and sent nothing.
        var transaction = await TransactionAsync(settled.TxHash!);
        Assert.Equal(Platform.Relayer, EvmAddress.Parse(transaction.From));
        Assert.Equal(Platform.Token.Address, EvmAddress.Parse(transaction.To));
        Assert.Equal(BigInteger.Zero, await NativeBalanceAsync(agent.Agent.WalletAddress));
        Assert.Equal(0, await NonceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress)));
        Assert.Equal(Funded - Price, (await Platform.WalletAsync(agent.ApiKey)).Posted);
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task The_older_dialect_is_paid_for_an_agent_without_native_coin_and_answered_in_the_dialect()
    {
        var agent = await AgentWithoutGasAsync();
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApis.StartAsync(Platform, Price, merchant, o =>
        {
            o.EnableMpp = false;
            o.EnableX402 = false;
            o.LegacyChainName = "local";
            o.CredentialTypes.Add(EvmCredentialTypes.Hash);
        }, await Postgres.CreateDatabaseAsync("replay", Ct));
        var options = new IndieGentPaymentOptions();
        options.Networks.AddToken(Anvil.ChainId, "USDC", IndieGent.Payments.Protocol.Evm.EvmAddress.Parse(Platform.Token.Address.ToChecksumHex()));
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey, options);

        using var response = await sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var payment = response.GetPayment()!;
        Assert.Equal(IndieGent.Payments.Protocol.Offers.PaymentProtocol.IndieGentLegacy, payment.Proof.Protocol);
        Assert.StartsWith("Payment credential=\"0x", payment.Proof.Headers.Single().Value, StringComparison.Ordinal);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, payment.Proof.PaymentId!.Value, "Settled");
        Assert.Equal(Platform.Relayer, EvmAddress.Parse((await TransactionAsync(settled.TxHash!)).From));
        Assert.Equal(BigInteger.Zero, await NativeBalanceAsync(agent.Agent.WalletAddress));
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task Many_agents_paying_at_once_are_relayed_at_distinct_relayer_nonces_without_a_gap()
    {
        const int Agents = 3;
        const int PaymentsEach = 10;
        var agents = new List<PaymentPlatform.AgentCreated>();
        for (var i = 0; i < Agents; i++)
            agents.Add(await AgentWithoutGasAsync($"agent-{i}"));
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        var before = await NonceOfAsync(Platform.Relayer);

        var responses = await Task.WhenAll(agents.SelectMany(agent => Enumerable.Range(0, PaymentsEach).Select(i => Task.Run(async () =>
        {
            using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
                merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), $"burst-{i}", waitSeconds: 60);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct));
        }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("Settled", r.Body!.Status));
        var nonces = new List<long>();
        foreach (var (_, body) in responses)
        {
            var transaction = await TransactionAsync(body!.TxHash!);
            Assert.Equal(Platform.Relayer, EvmAddress.Parse(transaction.From));
            nonces.Add((long)transaction.Nonce.Value);
        }

        Assert.Equal(Enumerable.Range((int)before, Agents * PaymentsEach).Select(i => (long)i), nonces.Order());
        Assert.Equal(before + Agents * PaymentsEach, await NonceOfAsync(Platform.Relayer));
        Assert.Equal(new BigInteger(Price * Agents * PaymentsEach), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        foreach (var agent in agents)
        {
            Assert.Equal(BigInteger.Zero, await NativeBalanceAsync(agent.Agent.WalletAddress));
            await AssertLedgerEqualsChainAsync(agent);
        }
    }

    [Fact]
    public async Task A_stuck_relay_is_replaced_with_higher_fees_and_a_dropped_one_sent_again()
    {
        var agent = await AgentWithoutGasAsync();
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        var store = Platform.Services("settlement").GetRequiredService<IDocumentStore>();
        var before = await NonceOfAsync(Platform.Relayer);

        await Platform.SetAutomineAsync(false);
        Guid paymentId;
        try
        {
            using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
                merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), "stuck", waitSeconds: 1);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            paymentId = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId;
            await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Broadcast");

            // Nothing is mined: after StuckAfter the watcher replaces it at the same nonce with higher fees.
            RelayedTransfer? relay = null;
            await Eventually.HoldsAsync(async () =>
            {
                await using var session = store.QuerySession();
                relay = await session.LoadAsync<RelayedTransfer>(paymentId, Ct);
                return relay?.Versions.Count >= 2;
            }, Ct);
            var replacement = relay!.Versions[1];
            Assert.Equal("relay", replacement.Kind);
            Assert.True(BigInteger.Parse(replacement.MaxFeePerGas) > BigInteger.Parse(relay.Versions[0].MaxFeePerGas));

            // The node forgets everything pending: the watcher sends the latest version again.
            await Anvil.CallAsync("anvil_dropAllTransactions", [], Ct);
            await Eventually.HoldsAsync(async () =>
            {
                await using var session = store.QuerySession();
                var latest = (await session.LoadAsync<RelayedTransfer>(paymentId, Ct))!.Latest!;
                return await TransactionAsync(latest.Hash) is not null;
            }, Ct);
        }
        finally
        {
            await Platform.SetAutomineAsync(true);
        }

        await Platform.MineAsync(1);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Settled");
        await using (var session = store.QuerySession())
        {
            var recorded = (await session.LoadAsync<RelayedTransfer>(paymentId, Ct))!;
            Assert.Contains(recorded.Versions, v => string.Equals(v.Hash, settled.TxHash, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(before, recorded.Nonce);
        }

        Assert.Equal(before + 1, await NonceOfAsync(Platform.Relayer));
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task A_replacement_missing_from_the_record_is_learnt_from_the_wallet_and_settles_the_payment()
    {
        var agent = await AgentWithoutGasAsync();
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        var before = await NonceOfAsync(Platform.Relayer);

        // What a watcher pass leaves when it signs and sends a replacement of a stuck relay and then loses its commit (another
        // writer moved the record) or dies before it: the replacement is the Wallet's and on the chain, not in the record.
        Guid paymentId;
        string replacement;
        await Platform.SetAutomineAsync(false);
        try
        {
            using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
                merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), "replaced-unrecorded", waitSeconds: 1);
            paymentId = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId;
            await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Broadcast");
            RelayedTransfer relay;
            await using (var session = Platform.Services("settlement").GetRequiredService<IDocumentStore>().QuerySession())
                relay = (await session.LoadAsync<RelayedTransfer>(paymentId, Ct))!;
            await Platform.StopAsync("settlement");

            using var wallet = new HttpClient { BaseAddress = Platform.AddressOf("wallet") };
            var fees = relay.Latest!;
            using var signing = await wallet.PostAsJsonAsync("/internal/signatures/relay", new IndieGent.Contracts.Relaying.SignRelayedTransaction(
                relay.Id, relay.AgentId, "relay", Anvil.ChainId, Platform.Token.Address.ToChecksumHex(), relay.Calldata, relay.GasLimit,
                (BigInteger.Parse(fees.MaxFeePerGas) * 3).ToString(), (BigInteger.Parse(fees.MaxPriorityFeePerGas) * 3).ToString(), relay.Nonce,
                relay.Ticket), Ct);
            Assert.True(signing.IsSuccessStatusCode, await signing.Content.ReadAsStringAsync(Ct));
            var signed = (await signing.Content.ReadFromJsonAsync<IndieGent.Contracts.Relaying.RelayedTransactionSigned>(Ct))!;
            Assert.DoesNotContain(relay.Versions, v => string.Equals(v.Hash, signed.TxHash, StringComparison.OrdinalIgnoreCase));
            replacement = await Chain.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed.RawTransaction);
        }
        finally
        {
            await Platform.SetAutomineAsync(true);
        }

        await Platform.MineAsync(3);
        await Platform.StartAsync("settlement");

        // The nonce is used by none of the record's versions: the watcher asks the Wallet before calling it someone else's.
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Settled");
        Assert.Equal(replacement, settled.TxHash, ignoreCase: true);
        await using (var session = Platform.Services("settlement").GetRequiredService<IDocumentStore>().QuerySession())
        {
            var recorded = (await session.LoadAsync<RelayedTransfer>(paymentId, Ct))!;
            Assert.Equal((RelayState.Confirmed, before), (recorded.State, recorded.Nonce));
            Assert.Contains(recorded.Versions, v => string.Equals(v.Hash, replacement, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task A_relay_whose_authorization_expired_unmined_has_its_nonce_cancelled_and_later_relays_follow()
    {
        var agent = await AgentWithoutGasAsync();
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        var store = Platform.Services("settlement").GetRequiredService<IDocumentStore>();
        var before = await NonceOfAsync(Platform.Relayer);

        // The relay is broadcast, then lost with the node's pool while Settlement is down, and its
        // authorization (bounded by a challenge valid 15 s of chain time) expires on chain before
        // anything sends it again. (Other tests may have moved the shared chain's clock ahead of ours.)
        var latest = await Chain.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var drift = DateTimeOffset.FromUnixTimeSeconds((long)latest.Timestamp.Value) - DateTimeOffset.UtcNow;
        var validFor = (drift > TimeSpan.Zero ? drift : TimeSpan.Zero) + TimeSpan.FromSeconds(15);
        Guid lost;
        await Platform.SetAutomineAsync(false);
        try
        {
            using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
                merchant.Challenge(Price, validFor: validFor, credentialTypes: [EvmCredentialTypes.Hash]), "lost", waitSeconds: 1);
            lost = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId;
            await Platform.PaymentReachesAsync(agent.ApiKey, lost, "Broadcast");
            await Platform.StopAsync("settlement");
            await Anvil.CallAsync("anvil_dropAllTransactions", [], Ct);
            await Platform.AdvanceChainTimeAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await Platform.SetAutomineAsync(true);
        }

        await Platform.StartAsync("settlement");
        store = Platform.Services("settlement").GetRequiredService<IDocumentStore>();
        // A later payment takes the next nonce at once, and is not held up behind the dead one.
        using var next = await Platform.PayAsync(agent.ApiKey, merchant.Url,
            merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), "after-the-lost-one", waitSeconds: 60);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var paid = (await next.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        Assert.Equal("Settled", paid.Status);
        Assert.Equal(before + 1, (long)(await TransactionAsync(paid.TxHash!)).Nonce.Value);

        // The dead relay's nonce went to a zero-value self-transfer of the relayer; its payment expired and its hold was released.
        var expired = await Platform.PaymentReachesAsync(agent.ApiKey, lost, "Expired");
        Assert.Equal("AuthorizationExpired", expired.Reason);
        await using (var session = store.QuerySession())
        {
            var relay = (await session.LoadAsync<RelayedTransfer>(lost, Ct))!;
            Assert.Equal(RelayState.Failed, relay.State);
            Assert.Equal(before, relay.Nonce);
            var cancellation = await TransactionAsync(relay.TxHash!);
            Assert.Equal(Platform.Relayer, EvmAddress.Parse(cancellation.From));
            Assert.Equal(Platform.Relayer, EvmAddress.Parse(cancellation.To));
            Assert.Equal(before, (long)cancellation.Nonce.Value);
        }

        Assert.Equal(before + 2, await NonceOfAsync(Platform.Relayer));
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        Assert.Equal(Funded - Price, (await Platform.WalletAsync(agent.ApiKey)).Available);
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task Health_shows_the_relayer_and_is_degraded_below_its_minimum_balance()
    {
        using var http = new HttpClient { BaseAddress = Platform.ServiceAddress("settlement") };

        var healthy = await http.GetFromJsonAsync<JsonElement>("/health", Ct);
        var relayer = healthy.GetProperty("checks").GetProperty("relayer");
        Assert.Equal("Healthy", relayer.GetProperty("status").GetString());
        Assert.Equal(Platform.Relayer, EvmAddress.Parse(relayer.GetProperty("data").GetProperty("address").GetString()!));
        Assert.Equal(0, relayer.GetProperty("data").GetProperty("pendingRelays").GetInt32());

        // Below Relayer:MinimumBalanceWei (0.01 ETH by default): still ready, but Degraded.
        var funded = await NativeBalanceAsync(Platform.Relayer.ToChecksumHex());
        await Anvil.SetBalanceAsync(Platform.Relayer.ToChecksumHex(), BigInteger.Pow(10, 15), Ct);
        try
        {
            using var response = await http.GetAsync("/health", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var degraded = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
            var check = degraded.GetProperty("checks").GetProperty("relayer");
            Assert.Equal("Degraded", check.GetProperty("status").GetString());
            Assert.Equal("1000000000000000", check.GetProperty("data").GetProperty("balanceWei").GetString());
            Assert.Contains("MinimumBalanceWei", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await Anvil.SetBalanceAsync(Platform.Relayer.ToChecksumHex(), funded, Ct);
        }
    }
}
