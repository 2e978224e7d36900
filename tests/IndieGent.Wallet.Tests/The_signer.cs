using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Signing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

public sealed class The_signer(PostgresFixture postgres, AnvilFixture anvil) : SignerTest(postgres)
{
    private static readonly TokenDomain Domain = new("USDC", "2", 31337, Token);

    private static PaymentTerms Terms(TokenDomain domain, string amount = "10000", EvmAddress? to = null) =>
        new("mpp", (long)domain.ChainId, domain.VerifyingContract.ToLowerHex(), (to ?? Merchant).ToLowerHex(), amount, "authorization",
            "api.example.com", "challenge-1", "api.example.com", DateTimeOffset.UtcNow.AddMinutes(5));

    private TransferSigningRequest Request(Guid paymentId, TokenDomain domain, string value = "10000", EvmAddress? to = null, byte[]? nonce = null,
        long? chainId = null, EvmAddress? token = null) =>
        new(paymentId, AgentId, chainId ?? (long)domain.ChainId, (token ?? domain.VerifyingContract).ToChecksumHex(), domain.Name, domain.Version,
            (to ?? Merchant).ToChecksumHex(), value, 0, DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
            "0x" + Convert.ToHexStringLower(nonce ?? Eip3009.NewNonce()));

    private async Task<Guid> ApproveAsync(TokenDomain domain, string amount = "10000", bool approved = true, bool withTerms = true)
    {
        var paymentId = Guid.NewGuid();
        using var scope = Host.Factory.Services.CreateScope();
        var approvals = scope.ServiceProvider.GetRequiredService<PaymentApprovals>();
        if (withTerms)
            await approvals.RecordTermsAsync(paymentId, AgentId, Terms(domain, amount), Ct);
        await approvals.RecordDecisionAsync(paymentId, AgentId, approved, DateTimeOffset.UtcNow, Ct);
        return paymentId;
    }

    private async Task<SigningOutcome> SignAsync(TransferSigningRequest request)
    {
        using var scope = Host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentSigner>().SignAsync(request, Ct);
    }

    [Fact]
    public async Task Signs_an_approved_payment_once_with_a_signature_that_recovers_to_the_agent()
    {
        var paymentId = await ApproveAsync(Domain);
        var request = Request(paymentId, Domain, value: "9000");
        var outcome = await SignAsync(request);

        Assert.True(outcome.Signed, outcome.Detail);
        Assert.True(SigningDecider.TryParse(request, out var authorization, out _, out _));
        Assert.Equal(AgentAddress, Eip3009.RecoverTransferWithAuthorizationSigner(
            Domain, authorization with { From = AgentAddress }, EvmSignature.Parse(outcome.Signature!)));

        Assert.Equal(outcome, await SignAsync(request));
        var again = await SignAsync(Request(paymentId, Domain, value: "9000"));
        Assert.Equal(SigningRefusal.AlreadySignedDifferently, again.Refusal);
    }

    [Fact]
    public async Task Refuses_anything_that_differs_from_the_approval()
    {
        var paymentId = await ApproveAsync(Domain, amount: "10000");
        var other = EvmAddress.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

        Assert.Equal(SigningRefusal.WrongRecipient, (await SignAsync(Request(paymentId, Domain, to: other))).Refusal);
        Assert.Equal(SigningRefusal.AmountExceedsApproval, (await SignAsync(Request(paymentId, Domain, value: "10001"))).Refusal);
        Assert.Equal(SigningRefusal.WrongToken, (await SignAsync(Request(paymentId, Domain, token: other))).Refusal);
        Assert.Equal(SigningRefusal.WrongChain, (await SignAsync(Request(paymentId, Domain, chainId: 8453))).Refusal);
        Assert.Equal(SigningRefusal.Malformed, (await SignAsync(Request(paymentId, Domain) with { Nonce = "0x12" })).Refusal);

        Assert.Equal(SigningRefusal.NotApproved, (await SignAsync(Request(Guid.NewGuid(), Domain))).Refusal);
        Assert.Equal(SigningRefusal.NotApproved, (await SignAsync(Request(await ApproveAsync(Domain, approved: false), Domain))).Refusal);
        Assert.Equal(SigningRefusal.NotApproved, (await SignAsync(Request(await ApproveAsync(Domain, withTerms: false), Domain))).Refusal);
        Assert.Equal(SigningRefusal.UnknownAgent, (await SignAsync(Request(paymentId, Domain) with { AgentId = Guid.NewGuid() })).Refusal);

        // None of the refusals used up the payment: the exact approved request still signs.
        Assert.True((await SignAsync(Request(paymentId, Domain))).Signed);
    }

    [Fact]
    public async Task Refuses_a_disabled_agent()
    {
        var paymentId = await ApproveAsync(Domain);
        using (var scope = Host.Factory.Services.CreateScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<Marten.IDocumentSession>();
            var agent = await session.LoadAsync<Agents.Agent>(AgentId, Ct);
            session.Store(agent! with { Disabled = true });
            await session.SaveChangesAsync(Ct);
        }

        Assert.Equal(SigningRefusal.AgentDisabled, (await SignAsync(Request(paymentId, Domain))).Refusal);
    }

    [Fact]
    public async Task Learns_approvals_from_the_bus_even_when_the_decision_arrives_before_the_terms()
    {
        var harness = Host.Factory.Services.GetRequiredService<ITestHarness>();
        var paymentId = Guid.NewGuid();
        await harness.Bus.Publish(new CapChecked(paymentId, AgentId, true, false, null, null, DateTimeOffset.UtcNow), Ct);
        Assert.True(await harness.Consumed.Any<CapChecked>(m => m.Context.Message.PaymentId == paymentId, Ct));
        Assert.Equal(SigningRefusal.NotApproved, (await SignAsync(Request(paymentId, Domain))).Refusal);

        await harness.Bus.Publish(new PaymentRequested(paymentId, AgentId, Guid.NewGuid(), "idem-1", Terms(Domain), DateTimeOffset.UtcNow), Ct);
        Assert.True(await harness.Consumed.Any<PaymentRequested>(m => m.Context.Message.PaymentId == paymentId, Ct));
        Assert.True((await SignAsync(Request(paymentId, Domain))).Signed);
    }

    [Fact]
    public async Task Answers_signing_requests_over_the_bus()
    {
        var harness = Host.Factory.Services.GetRequiredService<ITestHarness>();
        var client = harness.GetRequestClient<SignTransferAuthorization>();
        var paymentId = await ApproveAsync(Domain);
        var request = Request(paymentId, Domain);

        var first = await client.GetResponse<TransferAuthorizationSigned, TransferAuthorizationRefused>(Message(request), Ct);
        Assert.True(first.Is(out Response<TransferAuthorizationSigned>? signed));
        Assert.Equal(AgentAddress.ToChecksumHex(), signed.Message.From);

        // A redelivery gets the same signature; another amount for the same payment gets nothing.
        var redelivered = await client.GetResponse<TransferAuthorizationSigned, TransferAuthorizationRefused>(Message(request), Ct);
        Assert.True(redelivered.Is(out Response<TransferAuthorizationSigned>? again));
        Assert.Equal(signed.Message.Signature, again.Message.Signature);

        var other = await client.GetResponse<TransferAuthorizationSigned, TransferAuthorizationRefused>(Message(request with { Value = "1" }), Ct);
        Assert.True(other.Is(out Response<TransferAuthorizationRefused>? refused));
        Assert.Equal(nameof(SigningRefusal.AlreadySignedDifferently), refused.Message.Reason);

        static SignTransferAuthorization Message(TransferSigningRequest r) =>
            new(r.PaymentId, r.AgentId, r.ChainId, r.Token, r.TokenName, r.TokenVersion, r.To, r.Value, r.ValidAfter, r.ValidBefore, r.Nonce);
    }

    [Fact]
    public async Task Its_authorization_is_accepted_on_chain_by_the_token()
    {
        var sender = await anvil.CreateFundedAccountAsync(Ct);
        var web3 = anvil.CreateWeb3(sender.PrivateKey);
        var token = await TokenDeployer.DeployAsync(web3, new TokenDeploymentOptions
        {
            InitialMints = [new(AgentAddress, new BigInteger(1_000_000))],
        }, Ct);
        var client = new TokenClient(web3, token);
        var domain = await client.ReadDomainAsync(Ct);

        var paymentId = await ApproveAsync(domain, amount: "25000");
        var request = Request(paymentId, domain, value: "25000");
        var outcome = await SignAsync(request);
        Assert.True(outcome.Signed, outcome.Detail);

        Assert.True(SigningDecider.TryParse(request, out var authorization, out _, out _));
        await client.TransferWithAuthorizationAsync(authorization with { From = AgentAddress }, EvmSignature.Parse(outcome.Signature!), Ct);
        // A fresh token: the merchant held nothing before.
        Assert.Equal(new BigInteger(25_000), await client.BalanceOfAsync(Merchant, Ct));
        Assert.Equal(new BigInteger(975_000), await client.BalanceOfAsync(AgentAddress, Ct));
    }
}
