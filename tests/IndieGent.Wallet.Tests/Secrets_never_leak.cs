using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using Marten;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

public sealed class Secrets_never_leak(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly WalletHost _host = new(postgres);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_private_key_appears_in_no_log_response_or_message_of_a_create_and_sign_flow()
    {
        var op = await _host.CreateOperatorAsync();
        var agent = await _host.CreateAgentAsync(op.Id);
        var address = EvmAddress.Parse(agent.Agent.WalletAddress);
        using (var client = _host.Operator(op.Id))
        {
            await client.GetStringAsync($"/v1/agents/{agent.Agent.Id}", Ct);
            await client.GetStringAsync("/v1/agents", Ct);
        }

        var paymentId = Guid.NewGuid();
        var token = EvmAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
        var merchant = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        using (var scope = _host.Factory.Services.CreateScope())
        {
            var ticket = TestSecrets.Ticket(paymentId, agent.Agent.Id, 31337, token.ToLowerHex(), merchant, "5000");
            var signer = scope.ServiceProvider.GetRequiredService<PaymentSigner>();
            var request = new TransferSigningRequest(paymentId, agent.Agent.Id, 31337, token.ToChecksumHex(), "USDC", "2", merchant, "5000", 0,
                DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(), "0x" + Convert.ToHexStringLower(Eip3009.NewNonce()));
            Assert.Equal(SigningRefusal.WrongRecipient, (await signer.SignAsync(request with { To = token.ToChecksumHex() }, ticket, Ct)).Refusal);
            Assert.True((await signer.SignAsync(request, ticket, Ct)).Signed);
        }

        // The test holds the master keys, so it can find out what the key is and look for it.
        var privateKey = new byte[32];
        await using (var session = _host.Factory.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var envelope = await session.LoadAsync<AgentKeyEnvelope>(agent.Agent.Id, Ct);
            _host.Factory.Services.GetRequiredService<MasterKeyRing>().Open(agent.Agent.Id, address, envelope!, privateKey);
        }

        var hex = Convert.ToHexStringLower(privateKey);
        var forms = new[] { hex, hex.ToUpperInvariant(), Convert.ToBase64String(privateKey), hex[..24] };

        var logs = _host.Logs.All;
        Assert.Contains(agent.Agent.Id.ToString(), logs, StringComparison.Ordinal); // the capture works
        var harness = _host.Factory.Services.GetRequiredService<ITestHarness>();
        var messages = string.Join('\n', harness.Published.Select(_ => true, Ct).Select(m => JsonSerializer.Serialize(m.MessageObject)));
        Assert.Contains(agent.Agent.WalletAddress, messages, StringComparison.Ordinal);
        var responses = string.Join('\n', _host.ResponseBodies);
        Assert.Contains(agent.Agent.WalletAddress, responses, StringComparison.Ordinal);

        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, logs, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(form, responses, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(form, messages, StringComparison.OrdinalIgnoreCase);
        }

        // API key secrets stay out of the logs too.
        Assert.DoesNotContain(agent.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(op.ApiKey, logs, StringComparison.Ordinal);
    }
}
