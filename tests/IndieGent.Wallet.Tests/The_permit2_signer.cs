using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Contracts.Payments;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

/// <summary>
/// The Permit2 signer: a witness transfer only for the approved spender, through the trusted Permit2, of exactly the approved
/// recipient and splits, once per payment (whatever kind signed it first); the EIP-2612 allowance only for that Permit2.
/// </summary>
public sealed class The_permit2_signer(PostgresFixture postgres) : SignerTest(postgres)
{
    private const long ChainId = 31337;
    private static readonly EvmAddress Spender = EvmAddress.Parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static readonly EvmAddress Partner = EvmAddress.Parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static readonly EvmAddress Other = EvmAddress.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static readonly EvmAddress Permit2 = Permit2Signatures.CanonicalAddress;
    private readonly Dictionary<Guid, string> _tickets = [];

    private Guid Approve(string kind = "permit2", long amount = 10_000, EvmAddress? spender = null, TimeSpan? lifetime = null)
    {
        var paymentId = Guid.NewGuid();
        _tickets[paymentId] = TestSecrets.Ticket(paymentId, AgentId, ChainId, Token.ToLowerHex(), Merchant.ToLowerHex(), amount.ToString(CultureInfo.InvariantCulture),
            kind, lifetime, spender: (spender ?? Spender).ToLowerHex(), splits: [new PaymentSplit(Partner.ToLowerHex(), "2500")]);
        return paymentId;
    }

    private Permit2SigningRequest Request(Guid paymentId, EvmAddress? spender = null, EvmAddress? permit2 = null, string first = "7500",
        EvmAddress? split = null, string splitAmount = "2500", long? deadline = null) =>
        new(paymentId, AgentId, ChainId, (permit2 ?? Permit2).ToChecksumHex(), Token.ToChecksumHex(), (spender ?? Spender).ToChecksumHex(),
            [new PermitTransfer(Merchant.ToChecksumHex(), first), new PermitTransfer((split ?? Partner).ToChecksumHex(), splitAmount)], "42",
            deadline ?? DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(), "0x" + new string('a', 64), "order-7");

    private async Task<SigningOutcome> SignAsync(Permit2SigningRequest request)
    {
        using var scope = Host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Permit2Signer>().SignTransferAsync(request, _tickets.GetValueOrDefault(request.PaymentId), Ct);
    }

    [Fact]
    public async Task Signs_the_approved_batch_once_with_a_signature_permit2_recovers_to_the_agent()
    {
        var paymentId = Approve();
        var request = Request(paymentId);

        var outcome = await SignAsync(request);

        Assert.True(outcome.Signed, outcome.Detail);
        Assert.True(Permit2Decider.TryParse(request, out var permit, out _));
        var digest = Permit2Signatures.BatchDigest(ChainId, Permit2, [new TokenPermission(Token, 7_500), new TokenPermission(Token, 2_500)], Spender,
            42, request.Deadline, Permit2Signatures.PaymentWitnessHash(permit.ChallengeHash, "order-7"), Permit2Signatures.PaymentWitnessTypeString);
        Assert.Equal(AgentAddress, Permit2Signatures.Recover(digest, EvmSignature.Parse(outcome.Signature!)));
        Assert.Equal(outcome, await SignAsync(request with { Deadline = request.Deadline + 60 }));
        Assert.Equal(SigningRefusal.AlreadySignedDifferently, (await SignAsync(request with { Nonce = "43" })).Refusal);
    }

    [Fact]
    public async Task Refuses_every_permit_that_differs_from_the_approval_and_none_of_them_uses_up_the_payment()
    {
        var paymentId = Approve();

        Assert.Equal(SigningRefusal.WrongSpender, (await SignAsync(Request(paymentId, spender: Other))).Refusal);
        Assert.Equal(SigningRefusal.WrongSpender, (await SignAsync(Request(paymentId, permit2: Other))).Refusal);
        Assert.Equal(SigningRefusal.WrongSplits, (await SignAsync(Request(paymentId, split: Other))).Refusal);
        Assert.Equal(SigningRefusal.WrongSplits, (await SignAsync(Request(paymentId, splitAmount: "2600", first: "7400"))).Refusal);
        Assert.Equal(SigningRefusal.WrongSplits, (await SignAsync(Request(paymentId) with { Transfers = [new PermitTransfer(Merchant.ToChecksumHex(), "10000")] })).Refusal);
        Assert.Equal(SigningRefusal.AmountExceedsApproval, (await SignAsync(Request(paymentId, first: "7501"))).Refusal);
        Assert.Equal(SigningRefusal.WrongRecipient,
            (await SignAsync(Request(paymentId) with { Transfers = [new PermitTransfer(Other.ToChecksumHex(), "7500"), new PermitTransfer(Partner.ToChecksumHex(), "2500")] })).Refusal);
        Assert.Equal(SigningRefusal.AlreadyExpired, (await SignAsync(Request(paymentId, deadline: DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds()))).Refusal);
        Assert.Equal(SigningRefusal.WrongChain, (await SignAsync(Request(paymentId) with { ChainId = 8453 })).Refusal);
        Assert.Equal(SigningRefusal.Malformed, (await SignAsync(Request(paymentId) with { ChallengeHash = "0x12" })).Refusal);
        Assert.Equal(SigningRefusal.WrongCredentialKind, (await SignAsync(Request(Approve(kind: "authorization")))).Refusal);
        Assert.Equal(SigningRefusal.TicketExpired, (await SignAsync(Request(Approve(lifetime: TimeSpan.FromSeconds(-1))))).Refusal);
        Assert.Equal(SigningRefusal.InvalidTicket, (await SignAsync(Request(Guid.NewGuid()))).Refusal);

        Assert.True((await SignAsync(Request(paymentId))).Signed);
    }

    [Fact]
    public async Task Signs_the_allowance_only_for_the_trusted_permit2_under_a_permit2_approval()
    {
        var domain = new TokenDomain("USDC", "2", ChainId, Token);
        using var scope = Host.Factory.Services.CreateScope();
        var signer = scope.ServiceProvider.GetRequiredService<Permit2Signer>();
        var paymentId = Approve();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();

        var (issued, refusal) = await signer.SignAllowanceAsync(paymentId, AgentId, ChainId, domain, Permit2, 3, deadline, _tickets[paymentId], Ct);

        Assert.Null(refusal);
        var max = BigInteger.Pow(2, 256) - 1;
        Assert.Equal(max.ToString(CultureInfo.InvariantCulture), issued!.Value);
        Assert.Equal(AgentAddress, EvmAddress.Parse(Nethereum.Signer.EIP712.Eip712TypedDataSigner.Current.RecoverFromSignatureV4(
            Eip2612.PermitTypedData(domain, new PermitAuthorization(AgentAddress, Permit2, max, 3, deadline)), issued.Signature)));
        Assert.Equal(SigningRefusal.WrongSpender,
            (await signer.SignAllowanceAsync(paymentId, AgentId, ChainId, domain, Other, 3, deadline, _tickets[paymentId], Ct)).Refusal!.Refusal);
        var authorizationOnly = Approve(kind: "authorization");
        Assert.Equal(SigningRefusal.WrongCredentialKind,
            (await signer.SignAllowanceAsync(authorizationOnly, AgentId, ChainId, domain, Permit2, 3, deadline, _tickets[authorizationOnly], Ct)).Refusal!.Refusal);
    }
}
