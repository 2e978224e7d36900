using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Custody;
using IndieGent.Wallet.Api.Relaying;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Relaying;
using IndieGent.Wallet.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

/// <summary>
/// The marketplace settlement wallet's two flows: a <c>sweep</c> ticket signs an agent's authorization
/// to the settlement wallet and nowhere else (a disabled agent included: it owes for the calls it
/// made); a <c>payout</c> ticket signs the settlement wallet's authorization to the address it names,
/// and no other wallet's. Neither kind signs anything else, and the relayer is never a source.
/// </summary>
public sealed class The_marketplace_settlement_signer(PostgresFixture postgres) : IAsyncLifetime
{
    private const long ChainId = 31337;
    private const string Amount = "70000";
    private static readonly EvmAddress Token = EvmAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static readonly EvmAddress Provider = EvmAddress.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static readonly TokenDomain Domain = new("USDC", "2", ChainId, Token);
    private static readonly Guid SettlementId = PlatformWallet.MarketplaceSettlementId;

    private readonly WalletHost _host = new(postgres);
    private Guid _treasuryId;
    private EvmAddress _treasury;
    private Guid _agentId;
    private EvmAddress _agent;
    private EvmAddress _settlement;
    private EvmAddress _relayer;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _host.InitializeAsync();
        var op = await _host.CreateOperatorAsync();
        (_treasuryId, _treasury) = (op.TreasuryId, EvmAddress.Parse(op.TreasuryAddress));
        var agent = await _host.CreateAgentAsync(op.Id);
        (_agentId, _agent) = (agent.Agent.Id, EvmAddress.Parse(agent.Agent.WalletAddress));
        var wallets = _host.Factory.Services.GetRequiredService<PlatformWallets>();
        _settlement = EvmAddress.Parse((await wallets.MarketplaceSettlementAsync(Ct)).Address);
        _relayer = EvmAddress.Parse((await wallets.RelayerAsync(Ct)).Address);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string Ticket(Guid id, Guid source, EvmAddress to, string kind, string amount = Amount, ECDsa? key = null) =>
        TestSecrets.Ticket(id, source, ChainId, Token.ToLowerHex(), to.ToLowerHex(), amount, kind, key: key);

    private static TransferSigningRequest Request(Guid id, Guid source, EvmAddress to) =>
        new(id, source, ChainId, Token.ToChecksumHex(), Domain.Name, Domain.Version, to.ToChecksumHex(), Amount, 0,
            DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), "0x" + Convert.ToHexStringLower(Eip3009.NewNonce()));

    private async Task<SigningOutcome> SignAsync(TransferSigningRequest request, string ticket)
    {
        using var scope = _host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FundsTransferSigner>().SignAsync(request, ticket, Ct);
    }

    private async Task<SigningRefusal?> RefusalAsync(Guid source, EvmAddress to, string kind)
    {
        var request = Request(Guid.NewGuid(), source, to);
        var outcome = await SignAsync(request, Ticket(request.PaymentId, source, to, kind));
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
    public async Task A_sweep_ticket_signs_an_agents_authorization_to_the_settlement_wallet_even_when_the_agent_is_disabled()
    {
        var sweep = Request(Guid.NewGuid(), _agentId, _settlement);
        var signed = await SignAsync(sweep, Ticket(sweep.PaymentId, _agentId, _settlement, "sweep"));
        Assert.True(signed.Signed, signed.Detail);
        Assert.Equal(_agent, SignerOf(sweep, signed));

        using (var scope = _host.Factory.Services.CreateScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<Marten.IDocumentSession>();
            var agent = await session.LoadAsync<Agents.Agent>(_agentId, Ct);
            session.Store(agent! with { Disabled = true });
            await session.SaveChangesAsync(Ct);
        }

        var afterDisable = Request(Guid.NewGuid(), _agentId, _settlement);
        Assert.True((await SignAsync(afterDisable, Ticket(afterDisable.PaymentId, _agentId, _settlement, "sweep"))).Signed);
        // A disabled agent's money moves for nothing else.
        Assert.Equal(SigningRefusal.AgentDisabled, await RefusalAsync(_agentId, _treasury, "transfer"));
    }

    [Fact]
    public async Task A_sweep_goes_to_the_settlement_wallet_only_and_only_from_an_agent()
    {
        foreach (var to in new[] { Provider, _treasury, _relayer })
            Assert.Equal(SigningRefusal.ForeignDestination, await RefusalAsync(_agentId, to, "sweep"));
        Assert.Equal(SigningRefusal.ForeignDestination, await RefusalAsync(_treasuryId, _settlement, "sweep"));
        // An operator's own transfer cannot reach the settlement wallet either.
        Assert.Equal(SigningRefusal.ForeignDestination, await RefusalAsync(_agentId, _settlement, "transfer"));
    }

    [Fact]
    public async Task A_payout_ticket_signs_the_settlement_wallets_authorization_to_the_provider_and_no_one_elses()
    {
        var payout = Request(Guid.NewGuid(), SettlementId, Provider);
        var ticket = Ticket(payout.PaymentId, SettlementId, Provider, "payout");
        var signed = await SignAsync(payout, ticket);
        Assert.True(signed.Signed, signed.Detail);
        Assert.Equal(_settlement, SignerOf(payout, signed));
        Assert.Equal(signed.Signature, (await SignAsync(payout, ticket)).Signature);

        Assert.Equal(SigningRefusal.ForeignDestination, await RefusalAsync(_agentId, Provider, "payout"));
        Assert.Equal(SigningRefusal.ForeignDestination, await RefusalAsync(_treasuryId, Provider, "payout"));
        Assert.Equal(SigningRefusal.ForeignDestination, await RefusalAsync(SettlementId, _agent, "transfer"));
        // The relayer only pays gas: no ticket makes it a source.
        Assert.Equal(SigningRefusal.UnknownAgent, await RefusalAsync(PlatformWallet.RelayerId, Provider, "payout"));
        // The ticket names the amount and the provider exactly.
        var other = Request(Guid.NewGuid(), SettlementId, Provider);
        var outcome = await SignAsync(other, Ticket(other.PaymentId, SettlementId, Provider, "payout", amount: "70001"));
        Assert.Equal(SigningRefusal.AmountMismatch, outcome.Refusal);
        outcome = await SignAsync(other, Ticket(other.PaymentId, SettlementId, _agent, "payout"));
        Assert.Equal(SigningRefusal.WrongRecipient, outcome.Refusal);
    }

    [Fact]
    public async Task Sweep_and_payout_tickets_sign_no_payment_and_the_relayer_carries_only_what_the_wallet_signed()
    {
        using var scope = _host.Factory.Services.CreateScope();
        var sweepId = Guid.NewGuid();
        var payment = await scope.ServiceProvider.GetRequiredService<PaymentSigner>().SignAsync(Request(sweepId, _agentId, _settlement),
            Ticket(sweepId, _agentId, _settlement, "sweep"), Ct);
        Assert.Equal(SigningRefusal.WrongCredentialKind, payment.Refusal);

        var id = Guid.NewGuid();
        var ticket = Ticket(id, SettlementId, Provider, "payout");

        var request = Request(id, SettlementId, Provider);
        var signed = await SignAsync(request, ticket);
        Assert.True(signed.Signed, signed.Detail);
        Assert.True(SigningDecider.TryParse(request, out var authorization, out _, out _));
        var call = new RelayedAuthorization(authorization with { From = _settlement }, EvmSignature.Parse(signed.Signature!));
        RelaySigningRequest Relay(long nonce) => new(id, SettlementId, RelayKind.Relay, ChainId, Token.ToChecksumHex(),
            "0x" + Convert.ToHexStringLower(call.ToCalldata()), 120_000, "2000000000", "1000000", nonce);
        var relays = scope.ServiceProvider.GetRequiredService<RelaySigner>();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(SigningRefusal.InvalidTicket, (await relays.SignAsync(Relay(3), Ticket(id, SettlementId, Provider, "payout", key: forger), Ct)).Refusal);
        var relayed = await relays.SignAsync(Relay(3), ticket, Ct);
        Assert.True(relayed.Signed, relayed.Detail);
    }
}
