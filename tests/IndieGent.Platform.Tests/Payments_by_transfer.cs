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
/// Services that accept only a signed <c>transaction</c> from the payer's own wallet (the merchant
/// broadcasts it): the agent's nonce, a handed-off transfer nobody broadcast, and a wallet without
/// gas. (A <c>hash</c> and the older dialect are relayed by the platform: <see cref="The_gas_relayer"/>.)
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

    [Fact]
    public async Task A_service_taking_only_a_signed_transaction_is_paid_from_the_agents_wallet()
    {
        const string credentialType = EvmCredentialTypes.Transaction;
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
            merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Transaction]), "after-cancel");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var following = (await next.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        var signed = Assert.IsType<EvmTransactionPayload>(EvmChargePayload.FromCredential(
            IndieGent.Payments.Protocol.Mpp.PaymentCredential.Parse(following.Authorization!)));
        var sent = await Chain.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed.Signature);
        Assert.Equal(1, (long)(await Chain.Eth.Transactions.GetTransactionByHash.SendRequestAsync(sent)).Nonce.Value);
        await Platform.PaymentReachesAsync(agent.ApiKey, following.PaymentId, "Settled");
        await AssertLedgerEqualsChainAsync(agent);
    }

    [Fact]
    public async Task A_wallet_without_gas_is_refused_a_signed_transaction_with_its_own_problem_and_keeps_its_funds()
    {
        // A transaction credential is the agent's own transaction, which the merchant broadcasts: its gas is
        // the wallet's (only hash payments are relayed).
        var agent = await FundedAgentAsync(withGas: false);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);

        using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url,
            merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Transaction]), "no-gas");

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
