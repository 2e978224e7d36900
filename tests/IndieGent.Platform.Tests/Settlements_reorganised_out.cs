using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;

namespace IndieGent.Platform.Tests;

/// <summary>
/// A confirmed settlement that a reorganisation deeper than the confirmations takes back (anvil's snapshot and revert, on
/// a chain of this class's own): the payment is held again, the ledger follows the chain at every step, and the payment is
/// followed to its new inclusion (settled once more) or its failure (the hold released).
/// </summary>
public sealed class Settlements_reorganised_out(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Funded = 1_000_000;
    private const long Price = 150_000;

    protected override bool OwnChain => true;

    [Fact]
    public async Task An_authorization_used_again_on_the_new_chain_is_held_again_then_settled_anew()
    {
        var (op, agent, merchant) = await PrepareAsync();
        var submitter = await Anvil.CreateFundedAccountAsync(Ct);
        var before = await Platform.SnapshotAsync();

        var (paymentId, credential) = await PayAuthorizedAsync(agent, merchant);
        var first = await merchant.SettleAsync(new TokenClient(Anvil.CreateWeb3(submitter.PrivateKey), Platform.Token.Address), credential, Ct);
        await Platform.MineAsync(2);
        await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Settled");
        await LedgerEqualsChainAsync(agent, merchant, posted: Funded - Price, pending: 0);

        await Platform.ReorganiseAsync(before);

        // Held again, not spendable, waiting as before its confirmation; the money is back in the wallet on chain.
        var reopened = await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Authorized");
        Assert.Equal(credential, reopened.Credential);
        await LedgerEqualsChainAsync(agent, merchant, posted: Funded, pending: Price);
        var audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        var entry = Assert.Single(audit, e => e.Event == "CaptureReopened");
        Assert.Equal((paymentId, (long?)Price), (entry.PaymentId, entry.Amount));

        // The merchant's transaction is mined again (its node put it back in the pool; here the merchant sends it again).
        var again = await merchant.SettleAsync(new TokenClient(Anvil.CreateWeb3(submitter.PrivateKey), Platform.Token.Address), credential, Ct);
        await Platform.MineAsync(2);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Settled");
        Assert.Equal(again.TransactionHash, settled.TxHash, StringComparer.OrdinalIgnoreCase);
        Assert.NotEqual(first.BlockHash, again.BlockHash);
        await LedgerEqualsChainAsync(agent, merchant, posted: Funded - Price, pending: 0);
        audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        Assert.Equal(2, audit.Count(e => e.Event == "HoldCaptured" && e.PaymentId == paymentId));
    }

    [Fact]
    public async Task An_authorization_never_used_again_is_released_when_it_expires_on_the_new_chain()
    {
        var (_, agent, merchant) = await PrepareAsync();
        var submitter = await Anvil.CreateFundedAccountAsync(Ct);
        var before = await Platform.SnapshotAsync();

        var (paymentId, credential) = await PayAuthorizedAsync(agent, merchant);
        await merchant.SettleAsync(new TokenClient(Anvil.CreateWeb3(submitter.PrivateKey), Platform.Token.Address), credential, Ct);
        await Platform.MineAsync(2);
        await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Settled");

        await Platform.ReorganiseAsync(before);
        await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Authorized");

        await Platform.AdvanceChainTimeAsync(TimeSpan.FromMinutes(15));
        var expired = await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Expired");
        Assert.Equal("AuthorizationExpired", expired.Reason);
        await LedgerEqualsChainAsync(agent, merchant, posted: Funded, pending: 0);
        Assert.Equal(Funded, (await Platform.WalletAsync(agent.ApiKey)).Available);
    }

    [Fact]
    public async Task A_relayed_payment_is_sent_again_by_the_platform_and_settled_anew()
    {
        var (op, agent, merchant) = await PrepareAsync();
        var before = await Platform.SnapshotAsync();

        var paid = await PayAsync(agent, merchant.Challenge(Price, credentialTypes: [EvmCredentialTypes.Hash]), "relayed");
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, paid, "Settled");
        await LedgerEqualsChainAsync(agent, merchant, posted: Funded - Price, pending: 0);

        await Platform.ReorganiseAsync(before);

        // The relay's very transaction goes back to the node: mined again, confirmed again, captured again.
        await Eventually.HoldsAsync(async () =>
            (await Platform.AuditAsync(op.ApiKey, agent.Agent.Id)).Count(e => e.Event == "HoldCaptured" && e.PaymentId == paid) == 2, Ct);
        var again = await Platform.PaymentReachesAsync(agent.ApiKey, paid, "Settled");
        Assert.Equal(settled.TxHash, again.TxHash, StringComparer.OrdinalIgnoreCase);
        Assert.Single(await Platform.AuditAsync(op.ApiKey, agent.Agent.Id), e => e.Event == "CaptureReopened" && e.PaymentId == paid);
        await LedgerEqualsChainAsync(agent, merchant, posted: Funded - Price, pending: 0);
    }

    [Fact]
    public async Task A_treasury_transfer_is_held_again_on_the_treasury_sent_again_and_settled_anew()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(op.ApiKey);
        var treasury = await TreasuryAsync(client);
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/v1/treasury/funding", Ct)).IsSuccessStatusCode, Ct);
        await Platform.Token.MintAsync(EvmAddress.Parse(treasury.Address), new BigInteger(Funded), Ct);
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () => (await TreasuryAsync(client)).Posted == Funded, Ct);
        var before = await Platform.SnapshotAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{agent.Agent.Id}/funding/transfers")
        {
            Content = JsonContent.Create(new { direction = "to-agent", amount = $"{Price}" }),
        };
        request.Headers.Add("Idempotency-Key", "reorganised-transfer");
        using var created = await client.SendAsync(request, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var transfer = (await created.Content.ReadFromJsonAsync<TransferView>(Ct))!;
        await Eventually.HoldsAsync(async () => (await TransferAsync(client, agent, transfer.Id)).Status == "completed", Ct);
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Posted == Price, Ct);

        await Platform.ReorganiseAsync(before);

        // Sent again by the relayer, confirmed again: the treasury's capture and the agent's deposit follow the chain.
        await Eventually.HoldsAsync(async () =>
            (await Platform.AuditAsync(op.ApiKey, treasury.TreasuryId)).Any(e => e.Event == "CaptureReopened"), Ct);
        await Eventually.HoldsAsync(async () =>
            (await Platform.AuditAsync(op.ApiKey, treasury.TreasuryId)).Count(e => e.Event == "HoldCaptured") == 2, Ct);
        Assert.Equal("completed", (await TransferAsync(client, agent, transfer.Id)).Status);
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () =>
        {
            var (wallet, source) = (await Platform.WalletAsync(agent.ApiKey), await TreasuryAsync(client));
            return (wallet.Posted, wallet.Pending, source.Posted, source.Pending) == (Price, 0, Funded - Price, 0);
        }, Ct);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
        Assert.Equal(new BigInteger(Funded - Price), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(treasury.Address), Ct));
    }

    private sealed record TransferView(Guid Id, string Status, string? TxHash);

    private static async Task<TransferView> TransferAsync(HttpClient client, PaymentPlatform.AgentCreated agent, Guid id) =>
        (await client.GetFromJsonAsync<TransferView>($"/v1/agents/{agent.Agent.Id}/funding/transfers/{id}", Ct))!;

    private sealed record TreasuryView(Guid TreasuryId, string Address, long Available, long Pending, long Posted);

    private static async Task<TreasuryView> TreasuryAsync(HttpClient client) => (await client.GetFromJsonAsync<TreasuryView>("/v1/treasury", Ct))!;

    private async Task<(PaymentPlatform.OperatorCreated, PaymentPlatform.AgentCreated, Merchant)> PrepareAsync()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, Funded);
        return (op, agent, new Merchant(Platform.Token.Address, Anvil.ChainId));
    }

    private async Task<(Guid PaymentId, string Credential)> PayAuthorizedAsync(PaymentPlatform.AgentCreated agent, Merchant merchant)
    {
        var paymentId = await PayAsync(agent, merchant.Challenge(Price), "authorization");
        var view = await Platform.PaymentReachesAsync(agent.ApiKey, paymentId, "Authorized");
        return (paymentId, view.Credential!);
    }

    private async Task<Guid> PayAsync(PaymentPlatform.AgentCreated agent, string challenge, string key)
    {
        using var response = await Platform.PayAsync(agent.ApiKey, new Uri("https://api.merchant.test/v1/search"), challenge, key, waitSeconds: 20);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId;
    }

    // The wallet's ledger (posted: what it holds once holds end; pending: held) against the token's balances on chain.
    private async Task LedgerEqualsChainAsync(PaymentPlatform.AgentCreated agent, Merchant merchant, long posted, long pending)
    {
        await Eventually.HoldsAsync(async () =>
        {
            var wallet = await Platform.WalletAsync(agent.ApiKey);
            return wallet.Posted == posted && wallet.Pending == pending;
        }, Ct);
        Assert.Equal(new BigInteger(posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
        Assert.Equal(new BigInteger(Funded - posted), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
    }
}
