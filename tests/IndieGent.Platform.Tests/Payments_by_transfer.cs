using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using EvmChargePayload = IndieGent.Payments.Protocol.Evm.EvmChargePayload;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;
using EvmTransactionPayload = IndieGent.Payments.Protocol.Evm.EvmTransactionPayload;
using IndieGent.Sdk;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;

namespace IndieGent.Platform.Tests;

/// <summary>
/// Services that accept only a transfer from the payer's own wallet: a <c>hash</c> (the platform
/// broadcasts, the merchant checks the chain), a signed <c>transaction</c> (the merchant
/// broadcasts) and the older dialect (a hash). Nonces, fees, confirmations, dropped and stuck
/// transactions, and a handed-off transfer nobody broadcast.
/// </summary>
public sealed class Payments_by_transfer(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 70_000;
    private const long Funded = 1_000_000;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Settlement:TransactionHandOff"] = "00:00:06",
        ["Settlement:BroadcastGrace"] = "00:00:00",
        ["Settlement:StuckAfter"] = "00:00:02",
    };

    private async Task<PaymentPlatform.AgentCreated> FundedAgentAsync(bool withGas = true)
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, Funded);
        if (withGas)
            await Anvil.SetBalanceAsync(agent.Agent.WalletAddress, BigInteger.Pow(10, 17), Ct);
        return agent;
    }

    private Web3 Chain => new(Anvil.RpcUrl);

    private async Task<long> NonceOfAsync(string address) =>
        (long)(await Chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(address, BlockParameter.CreateLatest())).Value;

    private async Task AssertLedgerEqualsChainAsync(PaymentPlatform.AgentCreated agent)
    {
        await Platform.MineAsync(2);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(0, wallet.Pending);
        Assert.Equal(new BigInteger(wallet.Posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
    }

    [Theory]
    [InlineData(EvmCredentialTypes.Hash)]
    [InlineData(EvmCredentialTypes.Transaction)]
    public async Task A_service_taking_only_a_transfer_is_paid_from_the_agents_wallet(string credentialType)
    {
        var agent = await FundedAgentAsync();
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApis.StartAsync(Platform, Price, merchant, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(credentialType);
        }, await Postgres.CreateDatabaseAsync("replay", Ct));
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        using var response = await sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var payment = response.GetPayment()!;
        Assert.Equal(credentialType, payment.Proof.CredentialType);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, payment.Proof.PaymentId!.Value, "Settled");
        Assert.Equal(payment.Receipt!.Reference, settled.TxHash, ignoreCase: true);
        // The transfer came from the agent's own wallet, at its first nonce.
        var transaction = await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(settled.TxHash);
        Assert.Equal(agent.Agent.WalletAddress, transaction.From, ignoreCase: true);
        Assert.Equal(0, (long)transaction.Nonce.Value);
        Assert.Equal(2, (int)transaction.Type.Value);
        Assert.Equal(Funded - Price, (await Platform.WalletAsync(agent.ApiKey)).Posted);
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task The_older_dialect_is_paid_with_a_confirmed_transfer_and_answered_in_the_dialect()
    {
        var agent = await FundedAgentAsync();
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApis.StartAsync(Platform, Price, merchant, o =>
        {
            o.EnableMpp = false;
            o.EnableX402 = false;
            o.LegacyChainName = "local";
            o.CredentialTypes.Add(EvmCredentialTypes.Hash);
        }, await Postgres.CreateDatabaseAsync("replay", Ct));
        // The dialect names its token by symbol; the SDK is told which token "USDC" is on this chain.
        var options = new IndieGentPaymentOptions();
        options.Networks.AddToken(Anvil.ChainId, "USDC", IndieGent.Payments.Protocol.Evm.EvmAddress.Parse(Platform.Token.Address.ToChecksumHex()));
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey, options);

        using var response = await sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var payment = response.GetPayment()!;
        Assert.Equal(IndieGent.Payments.Protocol.Offers.PaymentProtocol.IndieGentLegacy, payment.Proof.Protocol);
        Assert.StartsWith("Payment credential=\"0x", payment.Proof.Headers.Single().Value, StringComparison.Ordinal);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
        await Platform.PaymentReachesAsync(agent.ApiKey, payment.Proof.PaymentId!.Value, "Settled");
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task Concurrent_transfers_of_one_agent_take_consecutive_nonces_and_all_settle()
    {
        const int Payments = 12;
        var agent = await FundedAgentAsync();
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);

        var responses = await Task.WhenAll(Enumerable.Range(0, Payments).Select(i => Task.Run(async () =>
        {
            using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
                merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), $"burst-{i}", waitSeconds: 60);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct));
        })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("Settled", r.Body!.Status));
        var nonces = new List<long>();
        foreach (var (_, body) in responses)
            nonces.Add((long)(await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(body!.TxHash)).Nonce.Value);
        Assert.Equal(Enumerable.Range(0, Payments).Select(i => (long)i), nonces.Order());
        Assert.Equal(Payments, await NonceOfAsync(agent.Agent.WalletAddress));
        Assert.Equal(new BigInteger(Price * Payments), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task A_transaction_credential_nobody_broadcasts_is_cancelled_and_its_hold_released()
    {
        var agent = await FundedAgentAsync();
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);

        using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
            merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Transaction]), "never-presented");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        Assert.Equal("Authorized", paid.Status);
        Assert.Equal(Price, (await Platform.WalletAsync(agent.ApiKey)).Pending);

        // The merchant never broadcasts it: after the hand-off window the nonce goes to a cancellation.
        var expired = await Platform.PaymentReachesAsync(agent.ApiKey, paid.PaymentId, "Expired");
        Assert.Equal("CredentialUnused", expired.Reason);
        var cancellation = await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(expired.TxHash);
        Assert.Equal(agent.Agent.WalletAddress, cancellation.To, ignoreCase: true);
        Assert.Equal(0, (long)cancellation.Nonce.Value);
        Assert.Equal(BigInteger.Zero, await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(Funded, wallet.Available);
        Assert.Equal(0, wallet.Pending);

        // The credential can no longer move money, and the wallet's next transfer is not held up.
        var credential = IndieGent.Payments.Protocol.Mpp.PaymentCredential.Parse(paid.Authorization!);
        var handedOff = Assert.IsType<EvmTransactionPayload>(EvmChargePayload.FromCredential(credential));
        await Assert.ThrowsAsync<Nethereum.JsonRpc.Client.RpcResponseException>(() =>
            Chain.Eth.Transactions.SendRawTransaction.SendRequestAsync(handedOff.Signature));
        using var next = await Platform.PayAsync(agent.ApiKey, merchant.Url,
            merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), "after-cancel", waitSeconds: 60);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, (long)(await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(
            (await next.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.TxHash)).Nonce.Value);
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task A_stuck_transfer_is_replaced_with_higher_fees_and_a_dropped_one_sent_again()
    {
        var agent = await FundedAgentAsync();
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        var store = Platform.Services("settlement").GetRequiredService<IDocumentStore>();

        await Anvil.CallAsync("evm_setAutomine", [false], Ct);
        Guid paymentId;
        try
        {
            using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
                merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), "stuck", waitSeconds: 1);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            paymentId = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId;
            await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Broadcast");

            // Nothing is mined: after StuckAfter the watcher replaces it at the same nonce with higher fees.
            OutgoingTransfer? transfer = null;
            await Eventually.HoldsAsync(async () =>
            {
                await using var session = store.QuerySession();
                transfer = await session.LoadAsync<OutgoingTransfer>(paymentId, Ct);
                return transfer?.Versions.Count >= 2;
            }, Ct);
            var first = transfer!.Versions[0];
            var replacement = transfer.Versions[1];
            Assert.Equal("transfer", replacement.Kind);
            Assert.True(BigInteger.Parse(replacement.MaxFeePerGas) > BigInteger.Parse(first.MaxFeePerGas));

            // The node forgets everything pending: the watcher sends the latest version again.
            await Anvil.CallAsync("anvil_dropAllTransactions", [], Ct);
            await Eventually.HoldsAsync(async () =>
                await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(replacement.Hash) is not null, Ct);
        }
        finally
        {
            await Anvil.CallAsync("evm_setAutomine", [true], Ct);
        }

        await Platform.MineAsync(1);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Settled");
        await using (var session = store.QuerySession())
        {
            var recorded = (await session.LoadAsync<OutgoingTransfer>(paymentId, Ct))!;
            Assert.Equal(recorded.Versions[^1].Hash, settled.TxHash, ignoreCase: true);
        }
        Assert.Equal(1, await NonceOfAsync(agent.Agent.WalletAddress));
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task A_wallet_without_gas_is_refused_with_its_own_problem_and_keeps_its_funds()
    {
        var agent = await FundedAgentAsync(withGas: false);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);

        using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
            merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), "no-gas");

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<PaymentPlatform.Problem>(Ct))!;
        Assert.EndsWith("/insufficient-gas", problem.Type, StringComparison.Ordinal);
        Assert.Equal("InsufficientGas", problem.Reason);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(Funded, wallet.Available);
        Assert.Equal(0, wallet.Pending);
        Assert.Equal(0, await NonceOfAsync(agent.Agent.WalletAddress));
    }
}
