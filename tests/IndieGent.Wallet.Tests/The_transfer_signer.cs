using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Relaying;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Relaying;
using IndieGent.Wallet.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

/// <summary>
/// Transfers between an operator's own wallets (treasury → agent, agent → treasury): the source's
/// EIP-3009 authorization is signed only with a Ledger ticket of kind <c>transfer</c> naming exactly
/// that transfer, source, destination and amount, and only to another wallet of the same operator.
/// </summary>
public sealed class The_transfer_signer(PostgresFixture postgres) : IAsyncLifetime
{
    private const long ChainId = 31337;
    private const string Amount = "2500000";
    private static readonly EvmAddress Token = EvmAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static readonly EvmAddress Stranger = EvmAddress.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static readonly TokenDomain Domain = new("USDC", "2", ChainId, Token);

    private readonly WalletHost _host = new(postgres);
    private Guid _treasuryId;
    private EvmAddress _treasury;
    private Guid _agentId;
    private EvmAddress _agent;
    private EvmAddress _foreignAgent;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _host.InitializeAsync();
        var op = await _host.CreateOperatorAsync();
        (_treasuryId, _treasury) = (op.TreasuryId, EvmAddress.Parse(op.TreasuryAddress));
        var agent = await _host.CreateAgentAsync(op.Id);
        (_agentId, _agent) = (agent.Agent.Id, EvmAddress.Parse(agent.Agent.WalletAddress));
        var other = await _host.CreateOperatorAsync("Other");
        _foreignAgent = EvmAddress.Parse((await _host.CreateAgentAsync(other.Id)).Agent.WalletAddress);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string Ticket(Guid transferId, Guid source, EvmAddress to, string amount = Amount, string kind = "transfer",
        TimeSpan? lifetime = null, ECDsa? key = null) =>
        TestSecrets.Ticket(transferId, source, ChainId, Token.ToLowerHex(), to.ToLowerHex(), amount, kind, lifetime, key);

    private static TransferSigningRequest Request(Guid transferId, Guid source, EvmAddress to, string value = Amount, long validBefore = 0) =>
        new(transferId, source, ChainId, Token.ToChecksumHex(), Domain.Name, Domain.Version, to.ToChecksumHex(), value, 0,
            validBefore == 0 ? DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds() : validBefore,
            "0x" + Convert.ToHexStringLower(Eip3009.NewNonce()));

    private async Task<SigningOutcome> SignAsync(TransferSigningRequest request, string? ticket)
    {
        using var scope = _host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FundsTransferSigner>().SignAsync(request, ticket, Ct);
    }

    private async Task<SigningRefusal?> RefusalAsync(TransferSigningRequest request, string? ticket)
    {
        var outcome = await SignAsync(request, ticket);
        Assert.False(outcome.Signed);
        return outcome.Refusal;
    }

    private static EvmAddress SignerOf(TransferSigningRequest request, SigningOutcome outcome)
    {
        Assert.True(SigningDecider.TryParse(request, out var authorization, out _, out _));
        return Eip3009.RecoverTransferWithAuthorizationSigner(Domain, authorization with { From = EvmAddress.Parse(outcome.From!) },
            EvmSignature.Parse(outcome.Signature!));
    }

    [Fact]
    public async Task Signs_from_the_treasury_to_an_agent_and_from_the_agent_to_the_treasury_and_repeats_the_same_signature()
    {
        var toAgent = Request(Guid.NewGuid(), _treasuryId, _agent);
        var ticket = Ticket(toAgent.PaymentId, _treasuryId, _agent);
        var signed = await SignAsync(toAgent, ticket);
        Assert.True(signed.Signed, signed.Detail);
        Assert.Equal(_treasury, EvmAddress.Parse(signed.From!));
        Assert.Equal(_treasury, SignerOf(toAgent, signed));
        Assert.Equal(signed.Signature, (await SignAsync(toAgent, ticket)).Signature);

        var toTreasury = Request(Guid.NewGuid(), _agentId, _treasury);
        var back = await SignAsync(toTreasury, Ticket(toTreasury.PaymentId, _agentId, _treasury));
        Assert.True(back.Signed, back.Detail);
        Assert.Equal(_agent, SignerOf(toTreasury, back));
    }

    [Fact]
    public async Task Refuses_without_a_ticket_or_with_a_forged_one()
    {
        var request = Request(Guid.NewGuid(), _treasuryId, _agent);
        Assert.Equal(SigningRefusal.InvalidTicket, await RefusalAsync(request, null));
        Assert.Equal(SigningRefusal.InvalidTicket, await RefusalAsync(request, "not-a-ticket"));
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(SigningRefusal.InvalidTicket, await RefusalAsync(request, Ticket(request.PaymentId, _treasuryId, _agent, key: forger)));
    }

    [Fact]
    public async Task Refuses_a_ticket_that_names_anything_else()
    {
        var request = Request(Guid.NewGuid(), _treasuryId, _agent);
        var id = request.PaymentId;
        Assert.Equal(SigningRefusal.TicketMismatch, await RefusalAsync(request, Ticket(Guid.NewGuid(), _treasuryId, _agent)));
        Assert.Equal(SigningRefusal.TicketMismatch, await RefusalAsync(request, Ticket(id, _agentId, _agent)));
        Assert.Equal(SigningRefusal.WrongRecipient, await RefusalAsync(request, Ticket(id, _treasuryId, _treasury)));
        Assert.Equal(SigningRefusal.AmountMismatch, await RefusalAsync(request, Ticket(id, _treasuryId, _agent, amount: "2500001")));
        Assert.Equal(SigningRefusal.AmountMismatch, await RefusalAsync(request, Ticket(id, _treasuryId, _agent, amount: "2499999")));
        Assert.Equal(SigningRefusal.WrongCredentialKind, await RefusalAsync(request, Ticket(id, _treasuryId, _agent, kind: "hash")));
        Assert.Equal(SigningRefusal.WrongCredentialKind, await RefusalAsync(request, Ticket(id, _treasuryId, _agent, kind: "authorization")));
        Assert.Equal(SigningRefusal.TicketExpired, await RefusalAsync(request, Ticket(id, _treasuryId, _agent, lifetime: TimeSpan.FromSeconds(-1))));
        // Nothing was signed meanwhile: the right ticket still works.
        Assert.True((await SignAsync(request, Ticket(id, _treasuryId, _agent))).Signed);
    }

    [Fact]
    public async Task Refuses_a_destination_that_is_not_another_wallet_of_the_same_operator_even_with_a_ticket_naming_it()
    {
        foreach (var to in new[] { Stranger, _foreignAgent, _treasury })
        {
            var request = Request(Guid.NewGuid(), _treasuryId, to);
            Assert.Equal(SigningRefusal.ForeignDestination, await RefusalAsync(request, Ticket(request.PaymentId, _treasuryId, to)));
        }

        var unknown = Request(Guid.NewGuid(), Guid.NewGuid(), _agent);
        Assert.Equal(SigningRefusal.UnknownAgent, await RefusalAsync(unknown, Ticket(unknown.PaymentId, unknown.AgentId, _agent)));
    }

    [Fact]
    public async Task A_transfer_ticket_signs_no_payment_and_no_transaction()
    {
        var transferId = Guid.NewGuid();
        var ticket = Ticket(transferId, _agentId, _treasury);
        using var scope = _host.Factory.Services.CreateScope();
        var payment = await scope.ServiceProvider.GetRequiredService<PaymentSigner>().SignAsync(Request(transferId, _agentId, _treasury), ticket, Ct);
        Assert.Equal(SigningRefusal.WrongCredentialKind, payment.Refusal);
        var transaction = await scope.ServiceProvider.GetRequiredService<TransactionSigner>().SignAsync(new TransactionSigningRequest(transferId,
            _agentId, TransactionKind.Transfer, ChainId, Token.ToChecksumHex(), _treasury.ToChecksumHex(), Amount, 80_000, "2000000000", "1000000", 0),
            ticket, Ct);
        Assert.Equal(SigningRefusal.WrongCredentialKind, transaction.Refusal);
    }

    [Fact]
    public async Task The_relayer_carries_the_treasurys_signed_transfer_and_nothing_else_under_its_ticket()
    {
        var request = Request(Guid.NewGuid(), _treasuryId, _agent);
        var ticket = Ticket(request.PaymentId, _treasuryId, _agent);
        var signed = await SignAsync(request, ticket);
        Assert.True(signed.Signed, signed.Detail);
        Assert.True(SigningDecider.TryParse(request, out var authorization, out _, out _));
        var call = new RelayedAuthorization(authorization with { From = _treasury }, EvmSignature.Parse(signed.Signature!));
        var tampered = new RelayedAuthorization(authorization with { From = _treasury, Value = BigInteger.Parse(Amount, CultureInfo.InvariantCulture) - 1 },
            EvmSignature.Parse(signed.Signature!));

        using var scope = _host.Factory.Services.CreateScope();
        var relays = scope.ServiceProvider.GetRequiredService<RelaySigner>();
        RelaySigningRequest Relay(RelayedAuthorization c, long nonce) => new(request.PaymentId, _treasuryId, RelayKind.Relay, ChainId, Token.ToChecksumHex(),
            "0x" + Convert.ToHexStringLower(c.ToCalldata()), 120_000, "2000000000", "1000000", nonce);

        Assert.Equal(SigningRefusal.ForeignAuthorization, (await relays.SignAsync(Relay(tampered, 7), ticket, Ct)).Refusal);
        var relayed = await relays.SignAsync(Relay(call, 7), ticket, Ct);
        Assert.True(relayed.Signed, relayed.Detail);
    }
}
