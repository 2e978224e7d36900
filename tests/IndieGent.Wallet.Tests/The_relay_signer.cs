using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Token.Functions;
using IndieGent.Contracts.Relaying;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Relaying;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Relaying;
using IndieGent.Wallet.Signing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using Nethereum.Model;
using Nethereum.Signer;

namespace IndieGent.Wallet.Tests;

/// <summary>
/// The platform relayer's signer: it pays gas for other wallets' money, so it signs nothing but
/// the token's <c>transferWithAuthorization</c> carrying the authorization the Wallet itself signed
/// for a ticketed <c>hash</c> payment, at one nonce per relay; then replacements and a cancellation there.
/// </summary>
public sealed class The_relay_signer(PostgresFixture postgres) : SignerTest(postgres)
{
    private const long ChainId = 31337;
    private const string Amount = "10000";
    private static readonly TokenDomain Domain = new("USDC", "2", ChainId, Token);

    private readonly Dictionary<Guid, string> _tickets = [];

    private Guid Approve(string kind = "hash", string amount = Amount)
    {
        var paymentId = Guid.NewGuid();
        _tickets[paymentId] = TestSecrets.Ticket(paymentId, AgentId, ChainId, Token.ToLowerHex(), Merchant.ToLowerHex(), amount, kind);
        return paymentId;
    }

    /// <summary>The authorization the Wallet signs for the payment, as the relay's call.</summary>
    private async Task<RelayedAuthorization> AuthorizeAsync(Guid paymentId, string value = Amount)
    {
        var nonce = Eip3009.NewNonce();
        var validBefore = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        using var scope = Host.Factory.Services.CreateScope();
        var signed = await scope.ServiceProvider.GetRequiredService<PaymentSigner>().SignAsync(new TransferSigningRequest(paymentId, AgentId, ChainId,
            Token.ToChecksumHex(), Domain.Name, Domain.Version, Merchant.ToChecksumHex(), value, 0, validBefore,
            "0x" + Convert.ToHexStringLower(nonce)), _tickets[paymentId], Ct);
        Assert.True(signed.Signed, signed.Detail);
        return new RelayedAuthorization(new TransferAuthorization(AgentAddress, Merchant, BigInteger.Parse(value, CultureInfo.InvariantCulture), 0,
            validBefore, nonce), EvmSignature.Parse(signed.Signature!));
    }

    private static RelaySigningRequest Request(Guid paymentId, Guid agentId, byte[] calldata, long nonce, RelayKind kind = RelayKind.Relay,
        long maxFee = 2_000_000_000, long tip = 1_000_000, EvmAddress? token = null) =>
        new(paymentId, agentId, kind, ChainId, (token ?? Token).ToChecksumHex(), "0x" + Convert.ToHexStringLower(calldata), 120_000,
            maxFee.ToString(CultureInfo.InvariantCulture), tip.ToString(CultureInfo.InvariantCulture), nonce);

    private RelaySigningRequest Request(Guid paymentId, byte[] calldata, long nonce, RelayKind kind = RelayKind.Relay, long maxFee = 2_000_000_000,
        long tip = 1_000_000, EvmAddress? token = null) => Request(paymentId, AgentId, calldata, nonce, kind, maxFee, tip, token);

    private async Task<RelayOutcome> SignAsync(RelaySigningRequest request, string? ticket = null)
    {
        using var scope = Host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RelaySigner>().SignAsync(request, ticket ?? _tickets.GetValueOrDefault(request.RelayId), Ct);
    }

    private async Task<EvmAddress> RelayerAsync()
    {
        using var client = Host.Client();
        return EvmAddress.Parse((await client.GetFromJsonAsync<RelayerAccount>("/internal/relayer", Ct))!.Address);
    }

    private static Transaction1559 Decode(RelayOutcome outcome) =>
        Assert.IsType<Transaction1559>(TransactionFactory.CreateTransaction(outcome.Version!.Raw[2..]));

    private static EvmAddress SignerOf(RelayOutcome outcome) =>
        EvmAddress.Parse(TransactionVerificationAndRecovery.GetSenderAddress(outcome.Version!.Raw[2..]));

    [Fact]
    public async Task Signs_the_authorization_the_wallet_issued_from_the_relayer_at_the_given_nonce_and_repeats_it_unchanged()
    {
        var paymentId = Approve();
        var call = await AuthorizeAsync(paymentId);
        var relayer = await RelayerAsync();

        var first = await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 3));

        Assert.True(first.Signed, first.Detail);
        var tx = Decode(first);
        Assert.Equal(relayer, SignerOf(first));
        Assert.NotEqual(AgentAddress, relayer);
        Assert.Equal(3, (long)tx.Nonce!.Value);
        Assert.Equal(Token, EvmAddress.Parse(tx.ReceiverAddress));
        Assert.Equal(BigInteger.Zero, tx.Amount ?? BigInteger.Zero);
        Assert.Equal("0x" + Convert.ToHexStringLower(call.ToCalldata()), tx.Data.ToLowerInvariant());
        Assert.Equal(first.Version, (await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 3))).Version);
    }

    [Fact]
    public async Task Replaces_and_cancels_only_at_the_relays_own_nonce()
    {
        var paymentId = Approve();
        var call = await AuthorizeAsync(paymentId);
        var original = await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 0));

        var bumped = await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 0, maxFee: 3_000_000_000, tip: 2_000_000));
        Assert.NotEqual(original.Version!.Hash, bumped.Version!.Hash);
        Assert.Equal(0, (long)Decode(bumped).Nonce!.Value);
        Assert.Equal(Decode(original).Data, Decode(bumped).Data);
        // Never cheaper than the latest; never at another nonce.
        Assert.Equal(bumped.Version, (await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 0))).Version);
        Assert.Equal(SigningRefusal.AlreadySignedDifferently, (await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 1))).Refusal);

        var cancelled = await SignAsync(Request(paymentId, [], nonce: 0, kind: RelayKind.Cancel, maxFee: 4_000_000_000, tip: 3_000_000));
        var cancel = Decode(cancelled);
        var relayer = await RelayerAsync();
        Assert.Equal(0, (long)cancel.Nonce!.Value);
        Assert.Equal(relayer, EvmAddress.Parse(cancel.ReceiverAddress));
        Assert.Equal(relayer, SignerOf(cancelled));
        Assert.True(string.IsNullOrEmpty(cancel.Data) || cancel.Data == "0x");
        Assert.Equal(3, cancelled.Relay!.Versions.Count);
    }

    [Fact]
    public async Task Tells_every_version_it_signed_for_a_relay_only_under_that_relays_ticket()
    {
        var paymentId = Approve();
        var call = await AuthorizeAsync(paymentId);
        using var client = Host.Client();
        async Task<HttpResponseMessage> AskAsync(Guid id, Guid agentId, string ticket) =>
            await client.PostAsJsonAsync("/internal/signatures/relay/versions", new IndieGent.Contracts.Payments.ReadSignedVersions(id, agentId, ticket), Ct);

        // Nothing signed yet: an empty list.
        using (var none = await AskAsync(paymentId, AgentId, _tickets[paymentId]))
            Assert.Empty((await none.Content.ReadFromJsonAsync<IndieGent.Contracts.Payments.SignedVersions>(Ct))!.Versions);

        var original = await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 5));
        var bumped = await SignAsync(Request(paymentId, call.ToCalldata(), nonce: 5, maxFee: 3_000_000_000, tip: 2_000_000));
        var cancelled = await SignAsync(Request(paymentId, [], nonce: 5, kind: RelayKind.Cancel, maxFee: 4_000_000_000, tip: 3_000_000));

        using var told = await AskAsync(paymentId, AgentId, _tickets[paymentId]);
        Assert.Equal("no-store", told.Headers.CacheControl?.ToString());
        var versions = (await told.Content.ReadFromJsonAsync<IndieGent.Contracts.Payments.SignedVersions>(Ct))!;
        Assert.Equal(5, versions.Nonce);
        Assert.Equal([original.Version!.Hash, bumped.Version!.Hash, cancelled.Version!.Hash], versions.Versions.Select(v => v.TxHash));
        Assert.Equal(["relay", "relay", "cancel"], versions.Versions.Select(v => v.Kind));
        Assert.Equal(bumped.Version.Raw, versions.Versions[1].RawTransaction);
        Assert.Equal("3000000000", versions.Versions[1].MaxFeePerGas);

        // Another payment's ticket, another agent, or no ticket: nothing is told.
        var other = Approve();
        using var otherTicket = await AskAsync(paymentId, AgentId, _tickets[other]);
        using var otherAgent = await AskAsync(paymentId, Guid.NewGuid(), _tickets[paymentId]);
        using var noTicket = await AskAsync(paymentId, AgentId, "");
        foreach (var refused in new[] { otherTicket, otherAgent, noTicket })
        {
            Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.DoesNotContain(original.Version.Raw[2..], await refused.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(nameof(SigningRefusal.TicketMismatch), await otherTicket.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains(nameof(SigningRefusal.InvalidTicket), await noTicket.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_calldata_that_is_not_a_ticketed_transfer_with_authorization()
    {
        var paymentId = Approve();
        var call = await AuthorizeAsync(paymentId);
        var other = EvmAddress.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        var calldata = call.ToCalldata();

        // Not the call at all: a plain transfer, an approval, a transferFrom, the v,r,s overload, extra bytes, garbage.
        Assert.Equal(SigningRefusal.NotTransferWithAuthorization,
            (await SignAsync(Request(paymentId, Eip1559Transaction.TransferCalldata(Merchant, 10_000), 0))).Refusal);
        Assert.Equal(SigningRefusal.NotTransferWithAuthorization,
            (await SignAsync(Request(paymentId, new ApproveFunction { Spender = other.ToChecksumHex(), Value = 10_000 }.GetCallData(), 0))).Refusal);
        Assert.Equal(SigningRefusal.NotTransferWithAuthorization, (await SignAsync(Request(paymentId,
            new TransferFromFunction { From = AgentAddress.ToChecksumHex(), To = other.ToChecksumHex(), Value = 10_000 }.GetCallData(), 0))).Refusal);
        var signature = call.Signature;
        Assert.Equal(SigningRefusal.NotTransferWithAuthorization, (await SignAsync(Request(paymentId, new TransferWithAuthorizationVrsFunction
        {
            From = AgentAddress.ToChecksumHex(), To = Merchant.ToChecksumHex(), Value = 10_000, ValidAfter = 0,
            ValidBefore = call.Authorization.ValidBefore, AuthorizationNonce = call.Authorization.Nonce, V = signature.V, R = signature.R, S = signature.S,
        }.GetCallData(), 0))).Refusal);
        Assert.Equal(SigningRefusal.NotTransferWithAuthorization, (await SignAsync(Request(paymentId, [.. calldata, 0x00], 0))).Refusal);
        Assert.Equal(SigningRefusal.NotTransferWithAuthorization, (await SignAsync(Request(paymentId, calldata[..40], 0))).Refusal);

        // The call, but not what the Wallet signed for this payment: another payer, recipient, amount or signature.
        var stranger = EthECKey.GenerateKey();
        var strangers = call.Authorization with { From = EvmAddress.Parse(stranger.GetPublicAddress()) };
        Assert.Equal(SigningRefusal.ForeignAuthorization, (await SignAsync(Request(paymentId,
            new RelayedAuthorization(strangers, Eip3009.SignTransferWithAuthorization(Domain, strangers, stranger)).ToCalldata(), 0))).Refusal);
        Assert.Equal(SigningRefusal.WrongRecipient,
            (await SignAsync(Request(paymentId, (call with { Authorization = call.Authorization with { To = other } }).ToCalldata(), 0))).Refusal);
        Assert.Equal(SigningRefusal.ForeignAuthorization,
            (await SignAsync(Request(paymentId, (call with { Authorization = call.Authorization with { Value = 9_999 } }).ToCalldata(), 0))).Refusal);
        Assert.Equal(SigningRefusal.ForeignAuthorization, (await SignAsync(Request(paymentId,
            (call with { Signature = Eip3009.SignTransferWithAuthorization(Domain, call.Authorization with { From = EvmAddress.Parse(stranger.GetPublicAddress()) }, stranger) }).ToCalldata(), 0))).Refusal);
        Assert.Equal(SigningRefusal.WrongToken, (await SignAsync(Request(paymentId, calldata, 0, token: other))).Refusal);

        // The right call without the Ledger's word for it: no ticket, another payment's, another agent's, one for an authorization credential.
        Assert.Equal(SigningRefusal.InvalidTicket, (await SignAsync(Request(paymentId, calldata, 0), ticket: "")).Refusal);
        Assert.Equal(SigningRefusal.TicketMismatch, (await SignAsync(Request(paymentId, calldata, 0), ticket: _tickets[Approve()])).Refusal);
        Assert.Equal(SigningRefusal.TicketMismatch, (await SignAsync(Request(paymentId, Guid.NewGuid(), calldata, 0))).Refusal);
        var merchantSettles = Approve(kind: "authorization");
        var merchantsCall = await AuthorizeAsync(merchantSettles);
        Assert.Equal(SigningRefusal.WrongCredentialKind, (await SignAsync(Request(merchantSettles, merchantsCall.ToCalldata(), 0))).Refusal);
        // A payment the Wallet never authorized has nothing to relay.
        var unsigned = Approve();
        Assert.Equal(SigningRefusal.ForeignAuthorization, (await SignAsync(Request(unsigned, calldata, 0))).Refusal);

        // None of the refusals bound the nonce: the exact call still signs there.
        Assert.True((await SignAsync(Request(paymentId, calldata, 0))).Signed);
    }

    [Fact]
    public async Task Never_signs_two_relays_at_one_nonce()
    {
        var first = Approve();
        var second = Approve();
        var firstCall = await AuthorizeAsync(first);
        var secondCall = await AuthorizeAsync(second);

        Assert.True((await SignAsync(Request(first, firstCall.ToCalldata(), 5))).Signed);
        Assert.Equal(SigningRefusal.NonceTaken, (await SignAsync(Request(second, secondCall.ToCalldata(), 5))).Refusal);
        Assert.Equal(SigningRefusal.NonceTaken, (await SignAsync(Request(second, [], 5, kind: RelayKind.Cancel))).Refusal);
        Assert.True((await SignAsync(Request(second, secondCall.ToCalldata(), 6))).Signed);
    }

    [Fact]
    public async Task Consumes_a_nonce_with_a_cancellation_when_nothing_was_relayed_and_never_relays_after_it()
    {
        var paymentId = Approve();
        var call = await AuthorizeAsync(paymentId);

        var cancelled = await SignAsync(Request(paymentId, [], 2, kind: RelayKind.Cancel));

        Assert.True(cancelled.Signed, cancelled.Detail);
        Assert.Equal(2, (long)Decode(cancelled).Nonce!.Value);
        Assert.Equal(SigningRefusal.AlreadySignedDifferently, (await SignAsync(Request(paymentId, call.ToCalldata(), 2))).Refusal);
    }

    [Fact]
    public async Task The_relayer_is_created_once_whatever_asks_for_it_at_once()
    {
        using var second = WalletHost.Create(Host.ConnectionString, new CapturedLogs(), activeKey: "a");
        using var clients = new DisposableList<HttpClient>([Host.Client(), second.CreateClient()]);

        var addresses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients.Items[i % 2].GetFromJsonAsync<RelayerAccount>("/internal/relayer", Ct)));

        Assert.Single(addresses.Select(a => EvmAddress.Parse(a!.Address)).Distinct());
        await using var session = Host.Factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(1, await session.Query<PlatformWallet>().Where(w => w.Role == PlatformWallet.Relayer).CountAsync(Ct));
        var envelope = await session.LoadAsync<AgentKeyEnvelope>(PlatformWallet.RelayerId, Ct);
        Assert.NotNull(envelope);
        Assert.Equal("a", envelope.MasterKeyId);
    }

    private sealed class DisposableList<T>(IReadOnlyList<T> items) : IDisposable where T : IDisposable
    {
        public IReadOnlyList<T> Items { get; } = items;

        public void Dispose()
        {
            foreach (var item in Items)
                item.Dispose();
        }
    }

    [Fact]
    public async Task Carries_only_the_permit2_allowance_the_wallet_signed_under_a_permit2_approval()
    {
        var permit2 = IndieGent.Chain.Permit2.Permit2Signatures.CanonicalAddress;
        var paymentId = Guid.NewGuid();
        _tickets[paymentId] = TestSecrets.Ticket(paymentId, AgentId, ChainId, Token.ToLowerHex(), Merchant.ToLowerHex(), Amount, "permit2",
            spender: Merchant.ToLowerHex());
        var deadline = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        IssuedPermit2Allowance issued;
        using (var scope = Host.Factory.Services.CreateScope())
        {
            var (signed, refusal) = await scope.ServiceProvider.GetRequiredService<Permit2Signer>()
                .SignAllowanceAsync(paymentId, AgentId, ChainId, Domain, permit2, 0, deadline, _tickets[paymentId], Ct);
            Assert.Null(refusal);
            issued = signed!;
        }

        var permit = new RelayedPermit(AgentAddress, permit2, BigInteger.Parse(issued.Value, CultureInfo.InvariantCulture), deadline,
            EvmSignature.Parse(issued.Signature));

        // Another spender, a smaller value or a stranger's signature is not what the Wallet signed; nor is a permit under a hash ticket.
        var stranger = EthECKey.GenerateKey();
        Assert.Equal(SigningRefusal.ForeignAuthorization, (await SignAsync(Request(paymentId, (permit with { Spender = Merchant }).ToCalldata(), 0))).Refusal);
        Assert.Equal(SigningRefusal.ForeignAuthorization, (await SignAsync(Request(paymentId, (permit with { Value = 1 }).ToCalldata(), 0))).Refusal);
        var strangers = EvmAddress.Parse(stranger.GetPublicAddress());
        Assert.Equal(SigningRefusal.ForeignAuthorization, (await SignAsync(Request(paymentId, (permit with
        {
            Owner = strangers, Signature = Eip2612.SignPermit(Domain, new PermitAuthorization(strangers, permit2, permit.Value, 0, deadline), stranger),
        }).ToCalldata(), 0))).Refusal);
        var hashPayment = Approve();
        Assert.Equal(SigningRefusal.WrongCredentialKind, (await SignAsync(Request(hashPayment, permit.ToCalldata(), 0))).Refusal);

        var relayed = await SignAsync(Request(paymentId, permit.ToCalldata(), 0));
        Assert.Null(relayed.Refusal);
        Assert.Equal("0x" + Convert.ToHexStringLower(permit.ToCalldata()), Decode(relayed).Data.ToLowerInvariant());
        Assert.Equal(Token, EvmAddress.Parse(Decode(relayed).ReceiverAddress));
    }
}
