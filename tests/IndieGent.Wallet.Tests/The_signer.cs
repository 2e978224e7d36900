using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Signing;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

public sealed class The_signer(PostgresFixture postgres, AnvilFixture anvil) : SignerTest(postgres)
{
    private static readonly TokenDomain Domain = new("USDC", "2", 31337, Token);

    private TransferSigningRequest Request(Guid paymentId, TokenDomain domain, string value = "10000", EvmAddress? to = null, byte[]? nonce = null,
        long? chainId = null, EvmAddress? token = null) =>
        new(paymentId, AgentId, chainId ?? (long)domain.ChainId, (token ?? domain.VerifyingContract).ToChecksumHex(), domain.Name, domain.Version,
            (to ?? Merchant).ToChecksumHex(), value, 0, DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
            "0x" + Convert.ToHexStringLower(nonce ?? Eip3009.NewNonce()));

    private readonly Dictionary<Guid, string> _tickets = [];

    private Task<Guid> ApproveAsync(TokenDomain domain, string amount = "10000", string kind = "authorization", TimeSpan? lifetime = null,
        System.Security.Cryptography.ECDsa? key = null)
    {
        var paymentId = Guid.NewGuid();
        _tickets[paymentId] = TestSecrets.Ticket(paymentId, AgentId, (long)domain.ChainId, domain.VerifyingContract.ToLowerHex(), Merchant.ToLowerHex(),
            amount, kind, lifetime, key);
        return Task.FromResult(paymentId);
    }

    private async Task<SigningOutcome> SignAsync(TransferSigningRequest request)
    {
        using var scope = Host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentSigner>().SignAsync(request, _tickets.GetValueOrDefault(request.PaymentId), Ct);
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

        // No ticket, a ticket no trusted key signed, an expired one, one for a transaction, one for another payment or agent.
        Assert.Equal(SigningRefusal.InvalidTicket, (await SignAsync(Request(Guid.NewGuid(), Domain))).Refusal);
        using var forger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        Assert.Equal(SigningRefusal.InvalidTicket, (await SignAsync(Request(await ApproveAsync(Domain, key: forger), Domain))).Refusal);
        Assert.Equal(SigningRefusal.TicketExpired, (await SignAsync(Request(await ApproveAsync(Domain, lifetime: TimeSpan.FromSeconds(-1)), Domain))).Refusal);
        Assert.Equal(SigningRefusal.WrongCredentialKind, (await SignAsync(Request(await ApproveAsync(Domain, kind: "transaction"), Domain))).Refusal);
        var another = await ApproveAsync(Domain);
        _tickets[another] = _tickets[paymentId];
        Assert.Equal(SigningRefusal.TicketMismatch, (await SignAsync(Request(another, Domain))).Refusal);
        Assert.Equal(SigningRefusal.TicketMismatch, (await SignAsync(Request(paymentId, Domain) with { AgentId = Guid.NewGuid() })).Refusal);

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
    public async Task Answers_signing_requests_over_http_with_the_ticket_as_its_only_authority()
    {
        using var http = Host.Factory.CreateClient();
        var paymentId = await ApproveAsync(Domain);
        var request = Request(paymentId, Domain);

        using var first = await http.PostAsJsonAsync("/internal/signatures/authorization", Message(request, _tickets[paymentId]), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        var signed = (await first.Content.ReadFromJsonAsync<TransferAuthorizationSigned>(Ct))!;
        Assert.Equal(AgentAddress.ToChecksumHex(), signed.From);

        // A repeat gets the same signature; another amount for the same payment, or no ticket, gets nothing.
        using var repeated = await http.PostAsJsonAsync("/internal/signatures/authorization", Message(request, _tickets[paymentId]), Ct);
        Assert.Equal(signed.Signature, (await repeated.Content.ReadFromJsonAsync<TransferAuthorizationSigned>(Ct))!.Signature);
        using var other = await http.PostAsJsonAsync("/internal/signatures/authorization", Message(request with { Value = "1" }, _tickets[paymentId]), Ct);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(nameof(SigningRefusal.AlreadySignedDifferently), (await other.Content.ReadFromJsonAsync<TransferAuthorizationRefused>(Ct))!.Reason);
        using var unticketed = await http.PostAsJsonAsync("/internal/signatures/authorization", Message(request, ""), Ct);
        Assert.Equal(nameof(SigningRefusal.InvalidTicket), (await unticketed.Content.ReadFromJsonAsync<TransferAuthorizationRefused>(Ct))!.Reason);

        static SignTransferAuthorization Message(TransferSigningRequest r, string ticket) =>
            new(r.PaymentId, r.AgentId, r.ChainId, r.Token, r.TokenName, r.TokenVersion, r.To, r.Value, r.ValidAfter, r.ValidBefore, r.Nonce, ticket);
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
