using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Signing;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Model;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;

namespace IndieGent.Wallet.Tests;

/// <summary>
/// The EIP-1559 signer: a payment's transfer only as approved, at the agent's next nonce assigned
/// once; then only replacements and a cancellation at that nonce.
/// </summary>
public sealed class The_transaction_signer(PostgresFixture postgres, AnvilFixture anvil) : SignerTest(postgres)
{
    private const long ChainId = 31337;
    private static readonly TokenDomain Domain = new("USDC", "2", ChainId, Token);

    private TransactionSigningRequest Request(Guid paymentId, string value = "10000", EvmAddress? to = null, long chainId = ChainId,
        EvmAddress? token = null, TransactionKind kind = TransactionKind.Transfer, long maxFee = 2_000_000_000, long tip = 1_000_000,
        long floor = 0) =>
        new(paymentId, AgentId, kind, chainId, (token ?? Token).ToChecksumHex(), (to ?? Merchant).ToChecksumHex(), value, 80_000,
            maxFee.ToString(System.Globalization.CultureInfo.InvariantCulture), tip.ToString(System.Globalization.CultureInfo.InvariantCulture), floor);

    private readonly Dictionary<Guid, string> _tickets = [];

    private Task<Guid> ApproveAsync(string amount = "10000", EvmAddress? token = null)
    {
        var paymentId = Guid.NewGuid();
        _tickets[paymentId] = TestSecrets.Ticket(paymentId, AgentId, ChainId, (token ?? Token).ToLowerHex(), Merchant.ToLowerHex(), amount, "transaction");
        return Task.FromResult(paymentId);
    }

    private async Task<TransactionOutcome> SignAsync(TransactionSigningRequest request)
    {
        using var scope = Host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TransactionSigner>().SignAsync(request, _tickets.GetValueOrDefault(request.PaymentId), Ct);
    }

    private static Transaction1559 Decode(TransactionOutcome outcome) =>
        Assert.IsType<Transaction1559>(TransactionFactory.CreateTransaction(outcome.Version!.Raw[2..]));

    private static EvmAddress SignerOf(TransactionOutcome outcome) =>
        EvmAddress.Parse(TransactionVerificationAndRecovery.GetSenderAddress(outcome.Version!.Raw[2..]));

    [Fact]
    public async Task Signs_the_approved_transfer_at_the_agents_next_nonce_and_repeats_it_unchanged()
    {
        var first = await SignAsync(Request(await ApproveAsync()));
        Assert.True(first.Signed, first.Detail);
        var tx = Decode(first);
        Assert.Equal(0, (long)tx.Nonce!.Value);
        Assert.Equal(new BigInteger(ChainId), tx.ChainId);
        Assert.Equal(Token, EvmAddress.Parse(tx.ReceiverAddress));
        Assert.Equal(BigInteger.Zero, tx.Amount ?? BigInteger.Zero);
        Assert.Equal("0x" + Convert.ToHexStringLower(Eip1559Transaction.TransferCalldata(Merchant, 10_000)), tx.Data.ToLowerInvariant());
        Assert.Equal(AgentAddress, SignerOf(first));

        var paymentId = await ApproveAsync();
        var second = await SignAsync(Request(paymentId));
        Assert.Equal(1, second.Transaction!.Nonce);
        // A redelivery gets the same bytes; a higher floor does not move a nonce already assigned.
        Assert.Equal(second.Version, (await SignAsync(Request(paymentId, floor: 7))).Version);
        // A floor from the chain is respected for the next payment.
        Assert.Equal(7, (await SignAsync(Request(await ApproveAsync(), floor: 7))).Transaction!.Nonce);
        Assert.Equal(8, (await SignAsync(Request(await ApproveAsync()))).Transaction!.Nonce);
    }

    [Fact]
    public async Task Concurrent_payments_of_one_agent_never_share_a_nonce()
    {
        var payments = new List<Guid>();
        for (var i = 0; i < 12; i++)
            payments.Add(await ApproveAsync());

        var outcomes = await Task.WhenAll(payments.Select(id => Task.Run(() => SignAsync(Request(id)))));

        Assert.All(outcomes, o => Assert.True(o.Signed, o.Detail));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), outcomes.Select(o => o.Transaction!.Nonce).Order());
    }

    [Fact]
    public async Task Refuses_anything_that_differs_from_the_approval_and_leaves_no_gap()
    {
        var paymentId = await ApproveAsync(amount: "10000");
        var other = EvmAddress.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

        Assert.Equal(SigningRefusal.WrongRecipient, (await SignAsync(Request(paymentId, to: other))).Refusal);
        Assert.Equal(SigningRefusal.AmountExceedsApproval, (await SignAsync(Request(paymentId, value: "10001"))).Refusal);
        Assert.Equal(SigningRefusal.WrongToken, (await SignAsync(Request(paymentId, token: other))).Refusal);
        Assert.Equal(SigningRefusal.WrongChain, (await SignAsync(Request(paymentId, chainId: 8453))).Refusal);
        Assert.Equal(SigningRefusal.Malformed, (await SignAsync(Request(paymentId, maxFee: 501_000_000_000))).Refusal);
        Assert.Equal(SigningRefusal.Malformed, (await SignAsync(Request(paymentId) with { GasLimit = 10_000_000 })).Refusal);
        Assert.Equal(SigningRefusal.InvalidTicket, (await SignAsync(Request(Guid.NewGuid()))).Refusal);
        Assert.Equal(SigningRefusal.NothingToCancel, (await SignAsync(Request(paymentId, kind: TransactionKind.Cancel))).Refusal);
        // A hash payment is an EIP-3009 authorization the platform's relayer carries: never a transfer from the agent's wallet.
        var hashPayment = Guid.NewGuid();
        _tickets[hashPayment] = TestSecrets.Ticket(hashPayment, AgentId, ChainId, Token.ToLowerHex(), Merchant.ToLowerHex(), "10000", "hash");
        Assert.Equal(SigningRefusal.WrongCredentialKind, (await SignAsync(Request(hashPayment))).Refusal);

        // No refusal took a nonce: the approved transfer is the agent's first.
        var signed = await SignAsync(Request(paymentId));
        Assert.Equal(0, signed.Transaction!.Nonce);
        Assert.Equal(SigningRefusal.AlreadySignedDifferently, (await SignAsync(Request(paymentId, value: "9000"))).Refusal);
    }

    [Fact]
    public async Task A_payment_is_either_authorized_or_transferred_never_both()
    {
        var paymentId = await ApproveAsync();
        Assert.True((await SignAsync(Request(paymentId))).Signed);

        using var scope = Host.Factory.Services.CreateScope();
        var authorization = await scope.ServiceProvider.GetRequiredService<PaymentSigner>().SignAsync(new TransferSigningRequest(paymentId, AgentId,
            ChainId, Token.ToChecksumHex(), Domain.Name, Domain.Version, Merchant.ToChecksumHex(), "10000", 0,
            DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), "0x" + Convert.ToHexStringLower(Eip3009.NewNonce())),
            TestSecrets.Ticket(paymentId, AgentId, ChainId, Token.ToLowerHex(), Merchant.ToLowerHex(), "10000"), Ct);
        Assert.Equal(SigningRefusal.AlreadySignedDifferently, authorization.Refusal);
    }

    [Fact]
    public async Task Replaces_and_cancels_only_at_the_transfers_own_nonce()
    {
        await SignAsync(Request(await ApproveAsync()));
        var paymentId = await ApproveAsync();
        var original = await SignAsync(Request(paymentId));
        Assert.Equal(1, original.Transaction!.Nonce);

        var bumped = await SignAsync(Request(paymentId, maxFee: 3_000_000_000, tip: 2_000_000));
        var replacement = Decode(bumped);
        Assert.NotEqual(original.Version!.Hash, bumped.Version!.Hash);
        Assert.Equal(1, (long)replacement.Nonce!.Value);
        Assert.Equal(new BigInteger(3_000_000_000), replacement.MaxFeePerGas);
        Assert.Equal(Decode(original).Data, replacement.Data);
        // Lower fees than the latest are answered with the latest, never a cheaper version.
        Assert.Equal(bumped.Version, (await SignAsync(Request(paymentId))).Version);

        var cancelled = await SignAsync(Request(paymentId, kind: TransactionKind.Cancel, maxFee: 4_000_000_000, tip: 3_000_000));
        var cancel = Decode(cancelled);
        Assert.Equal(1, (long)cancel.Nonce!.Value);
        Assert.Equal(AgentAddress, EvmAddress.Parse(cancel.ReceiverAddress));
        Assert.Equal(BigInteger.Zero, cancel.Amount ?? BigInteger.Zero);
        Assert.True(string.IsNullOrEmpty(cancel.Data) || cancel.Data == "0x");
        Assert.Equal(AgentAddress, SignerOf(cancelled));
        Assert.Equal(3, cancelled.Transaction!.Versions.Count);

        // Every version, oldest first, is told to whoever holds the payment's ticket (a watcher whose record lost one).
        using var client = Host.Client();
        using var told = await client.PostAsJsonAsync("/internal/signatures/transaction/versions",
            new IndieGent.Contracts.Payments.ReadSignedVersions(paymentId, AgentId, _tickets[paymentId]), Ct);
        var versions = (await told.Content.ReadFromJsonAsync<IndieGent.Contracts.Payments.SignedVersions>(Ct))!;
        Assert.Equal(1, versions.Nonce);
        Assert.Equal([("transfer", original.Version.Hash), ("transfer", bumped.Version.Hash), ("cancel", cancelled.Version!.Hash)],
            versions.Versions.Select(v => (v.Kind, v.TxHash)));
        using var otherTicket = await client.PostAsJsonAsync("/internal/signatures/transaction/versions",
            new IndieGent.Contracts.Payments.ReadSignedVersions(paymentId, AgentId, _tickets[await ApproveAsync()]), Ct);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, otherTicket.StatusCode);
    }

    [Fact]
    public async Task Its_transfer_moves_the_tokens_on_chain()
    {
        var sender = await anvil.CreateFundedAccountAsync(Ct);
        var web3 = anvil.CreateWeb3(sender.PrivateKey);
        var token = await TokenDeployer.DeployAsync(web3, new TokenDeploymentOptions
        {
            InitialMints = [new(AgentAddress, new BigInteger(1_000_000))],
        }, Ct);
        await anvil.SetBalanceAsync(AgentAddress.ToChecksumHex(), BigInteger.Pow(10, 18), Ct);
        var paymentId = await ApproveAsync("25000", token);

        var outcome = await SignAsync(Request(paymentId, value: "25000", token: token));
        Assert.True(outcome.Signed, outcome.Detail);
        var hash = await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(outcome.Version!.Raw);
        Assert.Equal(outcome.Version.Hash, hash, ignoreCase: true);
        // Mined when anvil gets to it (the chain is shared with other test classes): wait for the receipt, not only ask once.
        var receipt = await web3.TransactionReceiptPolling.PollForReceiptAsync(hash, Ct);
        Assert.True(receipt.Succeeded());
        var client = new TokenClient(web3, token);
        Assert.Equal(new BigInteger(25_000), await client.BalanceOfAsync(Merchant, Ct));
        Assert.Equal(new BigInteger(975_000), await client.BalanceOfAsync(AgentAddress, Ct));
    }
}
