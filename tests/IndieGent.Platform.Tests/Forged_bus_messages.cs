using System.Security.Cryptography;
using IndieGent.Contracts.Payments;
using IndieGent.ServiceDefaults.Tickets;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using IndieGent.Wallet.Signing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Platform.Tests;

/// <summary>
/// Whoever can publish on the broker cannot make the Wallet sign: it consumes nothing, and signs
/// over HTTP only what a Ledger-signed approval ticket names.
/// </summary>
public sealed class Forged_bus_messages(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 25_000;

    [Fact]
    public async Task Published_straight_onto_the_broker_they_produce_no_signature_and_move_no_money()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        // The broker itself, as its administrator (stronger than any service's user, which may not
        // publish most of these): not any service's outbox, nothing signed by the Gateway or the Ledger.
        var broker = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(Platform.BrokerAdminUri)));
        await broker.StartAsync(Ct);
        await using var stop = new AsyncStop(broker);

        var terms = new PaymentTerms("mpp", Anvil.ChainId, Platform.Token.Address.ToLowerHex(), merchant.Recipient.ToLowerHex(),
            Price.ToString(System.Globalization.CultureInfo.InvariantCulture), "authorization", merchant.Url.Host, "forged", merchant.Url.Host,
            DateTimeOffset.UtcNow.AddMinutes(5), merchant.Challenge(Price));
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        ApprovalTicket TicketFor(Guid id) =>
            new(id, agent.Agent.Id, Anvil.ChainId, terms.Currency, terms.Recipient, terms.Amount, terms.CredentialType, now, now.AddMinutes(5));
        var forgedTicket = Guid.NewGuid();
        var noTicket = Guid.NewGuid();
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), forgedTicket, noTicket, Guid.NewGuid(), Guid.NewGuid() };

        await broker.Publish(new PaymentRequested(ids[0], agent.Agent.Id, op.Id, "forged-1", terms, now), Ct);
        await broker.Publish(new CapChecked(ids[1], agent.Agent.Id, PaymentStatus.Settling, terms, Price, null, null, null, null, null, null, now), Ct);
        // A ticket in the Ledger's format under the Ledger's key id, signed with another key; and none at all.
        await broker.Publish(new SettlePayment(forgedTicket, agent.Agent.Id, terms, ApprovalTicketCodec.Sign(TicketFor(forgedTicket), "t1", forger)), Ct);
        await broker.Publish(new SettlePayment(noTicket, agent.Agent.Id, terms, ""), Ct);
        await broker.Publish(new SignTransferAuthorization(ids[4], agent.Agent.Id, Anvil.ChainId, Platform.Token.Address.ToChecksumHex(), "USDC", "2",
            merchant.Recipient.ToChecksumHex(), "25000", 0, now.AddMinutes(5).ToUnixTimeSeconds(), "0x" + new string('1', 64), ""), Ct);
        await broker.Publish(new SignTransferTransaction(ids[5], agent.Agent.Id, SignTransferTransaction.Transfer, Anvil.ChainId,
            Platform.Token.Address.ToChecksumHex(), merchant.Recipient.ToChecksumHex(), "25000", 80_000, "2000000000", "1000000", 0, ""), Ct);

        // Settlement took both SettlePayment commands to the Wallet, which refused each for its ticket.
        await Eventually.HoldsAsync(() => Task.FromResult(
            Platform.Logs.Lines.Count(l => l.Contains("the Wallet refused to sign (InvalidTicket)", StringComparison.Ordinal) &&
                                           (l.Contains(forgedTicket.ToString(), StringComparison.Ordinal) || l.Contains(noTicket.ToString(), StringComparison.Ordinal))) == 2), Ct);

        await using (var wallet = Platform.Services("wallet").GetRequiredService<IDocumentStore>().QuerySession())
        {
            Assert.Empty(await wallet.LoadManyAsync<SigningClaim>(Ct, ids));
            Assert.Empty(await wallet.LoadManyAsync<IssuedSignature>(Ct, ids));
            Assert.Empty(await wallet.LoadManyAsync<IssuedTransaction>(Ct, ids));
        }

        await using (var settlement = Platform.Services("settlement").GetRequiredService<IDocumentStore>().QuerySession())
        {
            Assert.Empty(await settlement.LoadManyAsync<AuthorizationWatch>(Ct, ids));
            Assert.Empty(await settlement.LoadManyAsync<OutgoingTransfer>(Ct, ids));
            Assert.Empty(await settlement.LoadManyAsync<IndieGent.Settlement.Api.Relaying.RelayedTransfer>(Ct, ids));
        }

        var balance = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(1_000_000, balance.Available);
        Assert.Equal(0, balance.Pending);
        Assert.Equal(System.Numerics.BigInteger.Zero, await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
    }

    private sealed class AsyncStop(IBusControl bus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await bus.StopAsync();
    }
}
