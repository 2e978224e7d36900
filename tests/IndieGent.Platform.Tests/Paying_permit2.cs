using System.Net;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Payments.AspNetCore;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;
using IndieGent.Sdk;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.Signer;

namespace IndieGent.Platform.Tests;

/// <summary>
/// MPP <c>permit2</c> through the platform, against our middleware offering only permit2: the Wallet signs a Permit2 witness
/// transfer from the agent's custodial wallet (after the one-time allowance the relayer sends), splits included; the spending
/// controls apply to every recipient; the ledger settles what the chain moved, per recipient.
/// </summary>
public sealed class Paying_permit2(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 50_000;
    private const long PartnerShare = 12_000;

    private readonly EvmAddress _merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
    private readonly EvmAddress _partner = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());

    [Fact]
    public async Task The_platform_pays_a_split_permit2_charge_once_allowing_permit2_first_and_the_ledger_follows_each_recipient()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        await using var server = await StartAsync();
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);
        var wallet = EvmAddress.Parse(agent.Agent.WalletAddress);
        Assert.Equal(BigInteger.Zero, await Platform.Token.AllowanceAsync(wallet, Permit2Signatures.CanonicalAddress, Ct));

        using var first = await sdk.FetchAsync(new Uri(server.Url(), "/split"), cancellationToken: Ct);
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync(Ct) + Platform.Logs.All);
        Assert.Equal(EvmCredentialTypes.Permit2, first.GetPayment()!.Proof.CredentialType);
        Assert.Equal(new BigInteger(Price - PartnerShare), await Platform.Token.BalanceOfAsync(_merchant, Ct));
        Assert.Equal(new BigInteger(PartnerShare), await Platform.Token.BalanceOfAsync(_partner, Ct));
        Assert.True(await Platform.Token.AllowanceAsync(wallet, Permit2Signatures.CanonicalAddress, Ct) > 1_000_000_000, "allowed once, for good");

        // A second payment needs no allowance: the same permit path, one more charge.
        using var second = await sdk.FetchAsync(new Uri(server.Url(), "/split"), cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(new BigInteger(2 * (Price - PartnerShare)), await Platform.Token.BalanceOfAsync(_merchant, Ct));

        await Platform.MineAsync(2);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, first.GetPayment()!.Proof.PaymentId!.Value, "Settled");
        await Platform.PaymentReachesAsync(agent.ApiKey, second.GetPayment()!.Proof.PaymentId!.Value, "Settled");
        Assert.Equal(first.GetPayment()!.Receipt!.Reference, settled.TxHash, ignoreCase: true);
        var balance = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal((1_000_000 - 2 * Price, 0L), (balance.Posted, balance.Pending));
        Assert.Equal(balance.Posted, (long)await Platform.Token.BalanceOfAsync(wallet, Ct));
    }

    [Fact]
    public async Task A_new_wallets_first_payments_at_once_all_pay_though_only_one_allowance_is_needed()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        await using var server = await StartAsync();
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sdk.FetchAsync(new Uri(server.Url(), "/split"), cancellationToken: Ct)));

        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(new BigInteger(3 * PartnerShare), await Platform.Token.BalanceOfAsync(_partner, Ct));
            await Platform.MineAsync(2);
            foreach (var response in responses)
                await Platform.PaymentReachesAsync(agent.ApiKey, response.GetPayment()!.Proof.PaymentId!.Value, "Settled");
            var balance = await Platform.WalletAsync(agent.ApiKey);
            Assert.Equal((long)await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct), balance.Posted);
            Assert.Equal(1_000_000 - 3 * Price, balance.Posted);
        }
        finally
        {
            foreach (var response in responses)
                response.Dispose();
        }
    }

    [Fact]
    public async Task A_split_to_a_denied_recipient_is_refused_before_anything_is_signed()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, new { deniedRecipients = new[] { _partner.ToLowerHex() } });
        await using var server = await StartAsync();
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        var refused = await Assert.ThrowsAsync<PaymentException>(() => sdk.FetchAsync(new Uri(server.Url(), "/split"), cancellationToken: Ct));

        Assert.Equal("RecipientDenied", refused.Reason);
        Assert.Equal(BigInteger.Zero, await Platform.Token.BalanceOfAsync(_partner, Ct));
        var balance = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal((1_000_000L, 0L), (balance.Available, balance.Pending));
    }

    private async Task<WebApplication> StartAsync()
    {
        await Permit2Deployer.SetCodeAsync(Anvil.CreateWeb3(Anvil.DeployerPrivateKey), Permit2Signatures.CanonicalAddress, Ct);
        return await PaidApis.StartAsync(Platform, Price, _merchant, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(EvmCredentialTypes.Permit2);
        }, split: (_partner, PartnerShare));
    }
}
