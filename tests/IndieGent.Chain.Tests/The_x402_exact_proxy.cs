using System.Numerics;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.Token.Events;
using IndieGent.Chain.X402;
using IndieGent.Chain.X402.Errors;
using IndieGent.Chain.X402.Events;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Permit2Errors = IndieGent.Chain.Permit2.Errors;

namespace IndieGent.Chain.Tests;

/// <summary>
/// The x402 <c>exact</c> proxy on anvil with our Permit2: a permit signed in C# for the proxy moves exactly
/// the permitted amount to the signed recipient, whoever submits it, once.
/// </summary>
public sealed class The_x402_exact_proxy(X402ProxyFixture chain) : X402ProxyTests(chain), IClassFixture<X402ProxyFixture>
{
    protected override byte[] WitnessTypeHash => X402Permit2Signatures.ExactWitnessTypeHash;

    protected override string WitnessTypeString => X402Permit2Signatures.ExactWitnessTypeString;

    protected override X402Permit2ProxyClient ProxyClient(Party sender) => Chain.ExactClient(sender);

    [Fact]
    public async Task Any_submitter_moves_exactly_the_permitted_amount_to_the_signed_recipient()
    {
        var (payer, submitter, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_234_567, merchant);

        var receipt = await Chain.ExactClient(submitter).SettleAsync(permit, payer.Address, witness, Sign(payer, permit, witness), Ct);

        Assert.Equal(Funds - 1_234_567, await payer.Token.BalanceOfAsync(payer.Address, Ct));
        Assert.Equal(1_234_567, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(submitter.Address, Ct));
        Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(Chain.Exact, Ct));
        var transfer = Assert.Single(receipt.DecodeAllEvents<TransferEvent>()).Event;
        Assert.Equal((payer.Address, merchant.Address, new BigInteger(1_234_567)),
            (EvmAddress.Parse(transfer.From), EvmAddress.Parse(transfer.To), transfer.Value));
        Assert.Single(receipt.DecodeAllEvents<SettledEvent>());
        Assert.True(await Chain.Permit2Client(payer).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
    }

    [Fact]
    public async Task A_used_nonce_is_refused()
    {
        var (payer, submitter, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.ExactClient(submitter);
        await client.SettleAsync(permit, payer.Address, witness, signature, Ct);

        await ProxyReverts.WithAsync<Permit2Errors.InvalidNonceError>(() => client.SettleAsync(permit, payer.Address, witness, signature, Ct));

        Assert.Equal(1_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    [Fact]
    public async Task Another_recipient_or_amount_than_signed_is_refused()
    {
        var (payer, submitter, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.ExactClient(submitter);

        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() =>
            client.SettleAsync(permit, payer.Address, witness with { To = submitter.Address }, signature, Ct));
        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() => client.SettleAsync(
            permit with { Permitted = permit.Permitted with { Amount = 999 } }, payer.Address, witness, signature, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant, submitter);
    }

    [Fact]
    public async Task A_settlement_before_valid_after_or_of_nothing_is_refused()
    {
        var (payer, submitter, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, merchant);
        var early = witness with { ValidAfter = await Chain.ChainTimeAsync(Ct) + 3_000 };
        var nothing = permit with { Permitted = permit.Permitted with { Amount = 0 } };
        var client = Chain.ExactClient(submitter);

        await ProxyReverts.WithAsync<PaymentTooEarlyError>(() => client.SettleAsync(permit, payer.Address, early, Sign(payer, permit, early), Ct));
        await ProxyReverts.WithAsync<InvalidAmountError>(() => client.SettleAsync(nothing, payer.Address, witness, Sign(payer, nothing, witness), Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task An_upto_signature_does_not_settle_on_the_exact_proxy()
    {
        var (payer, submitter, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, merchant);
        // Same spender, recipient and times, but the upto witness type: another message.
        var upto = X402Permit2Signatures.SignUpto(Chain.ChainId, Chain.Permit2, Chain.Exact, permit,
            new UptoWitness(witness.To, submitter.Address, witness.ValidAfter), payer.Key);

        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() =>
            Chain.ExactClient(submitter).SettleAsync(permit, payer.Address, witness, upto, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task Submit_settle_and_settle_with_permit_move_the_permitted_amount()
    {
        var (payer, submitter, merchant) = await PartiesAsync();
        var unapproved = await Chain.NewAccountAsync(Ct);
        await Chain.Owner.Token.MintAsync(unapproved.Address, Funds, Ct);
        var (first, firstWitness) = await PermitAsync(700, merchant);
        var (second, secondWitness) = await PermitAsync(300, merchant);
        var client = Chain.ExactClient(submitter);
        var approval = new PermitAuthorization(unapproved.Address, Chain.Permit2, 300, await unapproved.Token.NoncesAsync(unapproved.Address, Ct), second.Deadline);
        var approvalSignature = Eip2612.SignPermit(await unapproved.Token.ReadDomainAsync(Ct), approval, unapproved.Key);

        var hash = await client.SubmitSettleAsync(first, payer.Address, firstWitness, Sign(payer, first, firstWitness), Ct);
        var receipt = await client.SettleWithPermitAsync(new Eip2612Permit(300, second.Deadline, approvalSignature), second,
            unapproved.Address, secondWitness, Sign(unapproved, second, secondWitness), Ct);

        Assert.Matches("^0x[0-9a-f]{64}$", hash);
        Assert.True((await submitter.Web3.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, Ct)).Succeeded());
        Assert.Single(receipt.DecodeAllEvents<SettledWithPermitEvent>());
        Assert.Equal(1_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(Funds - 300, await payer.Token.BalanceOfAsync(unapproved.Address, Ct));
    }

    private async Task<(PermitTransferFrom Permit, ExactWitness Witness)> PermitAsync(long amount, Party merchant)
    {
        var (permit, now) = await NewPermitAsync(amount);
        return (permit, new ExactWitness(merchant.Address, now - 60));
    }

    private EvmSignature Sign(Party payer, PermitTransferFrom permit, ExactWitness witness) =>
        X402Permit2Signatures.SignExact(Chain.ChainId, Chain.Permit2, Chain.Exact, permit, witness, payer.Key);
}
