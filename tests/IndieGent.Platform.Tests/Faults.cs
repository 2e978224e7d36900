using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// Services and the broker go away mid-flight and come back: every payment still reaches its end,
/// nothing is charged twice, and the ledger equals the chain.
/// </summary>
public sealed class Faults(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const int Payments = 10;
    private const long Price = 100_000;

    private Merchant _merchant = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
    }

    [Fact]
    public async Task Settlement_stopped_mid_flight_and_restarted_settles_every_payment_once()
    {
        var (op, agent, challenges) = await PrepareAsync();

        var paying = challenges.Select((c, i) => PayUntilAnsweredAsync(agent.ApiKey, c, $"settlement-fault-{i}")).ToList();
        await Task.Delay(200, Ct);
        await Platform.StopAsync("settlement");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await Platform.StartAsync("settlement");

        await SettleAllAndCheckAsync(op, agent, await Task.WhenAll(paying));
    }

    [Fact]
    public async Task The_ledger_stopped_while_payments_arrive_leaves_no_hold_behind_and_settles_every_payment_once()
    {
        // A reservation and its saga commit together: whatever the stop cut off, a hold never
        // exists without the saga that settles or voids it.
        var (op, agent, challenges) = await PrepareAsync();

        var paying = challenges.Select((c, i) => PayUntilAnsweredAsync(agent.ApiKey, c, $"ledger-fault-{i}")).ToList();
        await Task.Delay(100, Ct);
        await Platform.StopAsync("ledger");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await Platform.StartAsync("ledger");

        await SettleAllAndCheckAsync(op, agent, await Task.WhenAll(paying));
    }

    [Fact]
    public async Task Settlement_stopped_while_relaying_transfers_sends_each_once()
    {
        var (op, agent, challenges) = await PrepareAsync(EvmCredentialTypes.Hash);
        var chain = new Nethereum.Web3.Web3(Anvil.RpcUrl);
        var before = (await chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(Platform.Relayer.ToChecksumHex())).Value;

        var paying = challenges.Select((c, i) => PayUntilAnsweredAsync(agent.ApiKey, c, $"transfer-fault-{i}")).ToList();
        await Task.Delay(300, Ct);
        await Platform.StopAsync("settlement");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await Platform.StartAsync("settlement");

        await SettleAllAndCheckAsync(op, agent, await Task.WhenAll(paying), merchantSettles: false);
        // One relay per payment from the platform's relayer: consecutive nonces, none spent twice or skipped;
        // the agent's wallet (without any native coin) sent nothing.
        var sent = await chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(Platform.Relayer.ToChecksumHex());
        Assert.Equal(before + Payments, sent.Value);
        Assert.Equal(0, (int)(await chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(agent.Agent.WalletAddress)).Value);
    }

    [Fact]
    public async Task The_broker_cut_off_mid_flight_and_back_settles_every_payment_once()
    {
        var (op, agent, challenges) = await PrepareAsync();

        var paying = challenges.Select((c, i) => PayUntilAnsweredAsync(agent.ApiKey, c, $"broker-fault-{i}")).ToList();
        await Task.Delay(200, Ct);
        Platform.Broker.Down();
        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        Platform.Broker.Up();

        await SettleAllAndCheckAsync(op, agent, await Task.WhenAll(paying));
    }

    private async Task<(PaymentPlatform.OperatorCreated, PaymentPlatform.AgentCreated, string[])> PrepareAsync(
        string credentialType = EvmCredentialTypes.Authorization)
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 5_000_000);
        return (op, agent, Enumerable.Range(0, Payments).Select(_ => _merchant.Challenge(Price, credentialTypes: [credentialType])).ToArray());
    }

    // What an SDK does: POST, and while the answer is "not yet" (202) or "try again" (503, a
    // dropped connection), ask again with the same Idempotency-Key.
    private async Task<Guid> PayUntilAnsweredAsync(string agentKey, string challenge, string key)
    {
        Guid? paymentId = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                using var response = await Platform.PayAsync(agentKey, _merchant.Url, challenge, key, waitSeconds: 2);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted)
                    paymentId = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId;
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Ct, TimeSpan.FromMinutes(2));
        return paymentId!.Value;
    }

    private async Task SettleAllAndCheckAsync(PaymentPlatform.OperatorCreated op, PaymentPlatform.AgentCreated agent, Guid[] paymentIds,
        bool merchantSettles = true)
    {
        Assert.Equal(Payments, paymentIds.Distinct().Count());
        foreach (var id in paymentIds.Where(_ => merchantSettles))
        {
            var view = await Platform.PaymentReachesAsync(agent.ApiKey, id, "Authorized");
            await _merchant.SettleAsync(Platform.Token, view.Credential!, Ct);
        }

        await Platform.MineAsync(2);
        foreach (var id in paymentIds)
            await Platform.PaymentReachesAsync(agent.ApiKey, id, "Settled");

        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(0, wallet.Pending);
        Assert.Equal(5_000_000 - Payments * Price, wallet.Posted);
        Assert.Equal(new BigInteger(wallet.Posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
        Assert.Equal(new BigInteger(Payments * Price), await Platform.Token.BalanceOfAsync(_merchant.Recipient, Ct));
        var audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        Assert.Equal(Payments, audit.Count(e => e.Event == "HoldPlaced"));
        Assert.Equal(Payments, audit.Count(e => e.Event == "HoldCaptured"));
        Assert.DoesNotContain(audit, e => e.Event == "HoldVoided");
    }
}
