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
/// The x402 <c>upto</c> proxy on anvil with our Permit2: a permit signed in C# for the proxy (spender) lets
/// the facilitator it names charge any amount from 1 to the permitted one, to the signed recipient only,
/// once; every refusal names its error and moves nothing.
/// </summary>
public sealed class The_x402_upto_proxy(X402ProxyFixture chain) : X402ProxyTests(chain), IClassFixture<X402ProxyFixture>
{
    protected override byte[] WitnessTypeHash => X402Permit2Signatures.UptoWitnessTypeHash;

    protected override string WitnessTypeString => X402Permit2Signatures.UptoWitnessTypeString;

    protected override X402Permit2ProxyClient ProxyClient(Party sender) => Chain.UptoClient(sender);

    [Theory]
    [InlineData(1)]
    [InlineData(1_250_000)]
    [InlineData(2_000_000)]
    public async Task The_facilitator_charges_the_actual_amount_up_to_the_permitted_one_to_the_signed_recipient(long amount)
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(2_000_000, facilitator, merchant);
        var client = Chain.UptoClient(facilitator);
        Assert.False(await Chain.Permit2Client(payer).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));

        var receipt = await client.SettleAsync(permit, amount, payer.Address, witness, Sign(payer, permit, witness), Ct);

        Assert.Equal(Funds - amount, await payer.Token.BalanceOfAsync(payer.Address, Ct));
        Assert.Equal(amount, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(facilitator.Address, Ct));
        Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(Chain.Upto, Ct));
        var transfer = Assert.Single(receipt.DecodeAllEvents<TransferEvent>()).Event;
        Assert.Equal((payer.Address, merchant.Address, new BigInteger(amount)),
            (EvmAddress.Parse(transfer.From), EvmAddress.Parse(transfer.To), transfer.Value));
        Assert.Single(receipt.DecodeAllEvents<SettledEvent>());
        Assert.True(await Chain.Permit2Client(payer).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
    }

    [Fact]
    public async Task A_charge_of_zero_is_refused_as_in_the_reference_and_leaves_the_permit_usable()
    {
        // x402 settles a zero upto charge without a transaction; the proxy refuses 0 rather than burn the nonce.
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.UptoClient(facilitator);

        await ProxyReverts.WithAsync<InvalidAmountError>(() => client.SettleAsync(permit, 0, payer.Address, witness, signature, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
        await client.SettleAsync(permit, 400, payer.Address, witness, signature, Ct);
        Assert.Equal(400, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    [Fact]
    public async Task More_than_the_permitted_amount_is_refused()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);

        await ProxyReverts.WithAsync<AmountExceedsPermittedError>(() =>
            Chain.UptoClient(facilitator).SettleAsync(permit, 1_001, payer.Address, witness, Sign(payer, permit, witness), Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task A_caller_other_than_the_signed_facilitator_is_refused_even_if_it_names_itself()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var other = await Chain.NewAccountAsync(Ct);
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.UptoClient(other);

        await ProxyReverts.WithAsync<UnauthorizedFacilitatorError>(() => client.SettleAsync(permit, 1_000, payer.Address, witness, signature, Ct));
        // Naming itself passes the proxy's check, but the witness is then not the one the payer signed.
        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() =>
            client.SettleAsync(permit, 1_000, payer.Address, witness with { Facilitator = other.Address }, signature, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant, other);
    }

    [Fact]
    public async Task A_settlement_before_valid_after_is_refused()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);
        witness = witness with { ValidAfter = await Chain.ChainTimeAsync(Ct) + 3_000 };

        await ProxyReverts.WithAsync<PaymentTooEarlyError>(() =>
            Chain.UptoClient(facilitator).SettleAsync(permit, 1_000, payer.Address, witness, Sign(payer, permit, witness), Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task A_used_nonce_is_refused_by_Permit2_behind_the_proxy()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.UptoClient(facilitator);
        await client.SettleAsync(permit, 300, payer.Address, witness, signature, Ct);

        // The unused 700 cannot be charged later: a permit settles once.
        await ProxyReverts.WithAsync<Permit2Errors.InvalidNonceError>(() => client.SettleAsync(permit, 700, payer.Address, witness, signature, Ct));

        Assert.Equal(300, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(Funds - 300, await payer.Token.BalanceOfAsync(payer.Address, Ct));
    }

    [Fact]
    public async Task Another_recipient_or_valid_after_than_signed_is_refused_as_a_witness_mismatch()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var thief = await Chain.NewAccountAsync(Ct);
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.UptoClient(facilitator);

        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() =>
            client.SettleAsync(permit, 1_000, payer.Address, witness with { To = thief.Address }, signature, Ct));
        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() =>
            client.SettleAsync(permit, 1_000, payer.Address, witness with { ValidAfter = witness.ValidAfter - 1 }, signature, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant, thief);
    }

    [Fact]
    public async Task A_permit_signed_for_another_spender_or_past_its_deadline_is_refused()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);
        var forExact = X402Permit2Signatures.SignUpto(Chain.ChainId, Chain.Permit2, Chain.Exact, permit, witness, payer.Key);
        var expired = permit with { Deadline = await Chain.ChainTimeAsync(Ct) - 1 };
        var client = Chain.UptoClient(facilitator);

        await ProxyReverts.WithAsync<Permit2Errors.InvalidSignerError>(() => client.SettleAsync(permit, 1_000, payer.Address, witness, forExact, Ct));
        var error = await ProxyReverts.WithAsync<Permit2Errors.SignatureExpiredError>(() =>
            client.SettleAsync(expired, 1_000, payer.Address, witness, Sign(payer, expired, witness), Ct));

        Assert.Equal(expired.Deadline, error.SignatureDeadline);
        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task A_zero_owner_or_recipient_is_refused_before_Permit2_is_called()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(1_000, facilitator, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.UptoClient(facilitator);

        await ProxyReverts.WithAsync<InvalidOwnerError>(() => client.SettleAsync(permit, 1_000, EvmAddress.Zero, witness, signature, Ct));
        await ProxyReverts.WithAsync<InvalidDestinationError>(() =>
            client.SettleAsync(permit, 1_000, payer.Address, witness with { To = EvmAddress.Zero }, signature, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task Submit_settle_returns_the_transaction_hash_and_the_charge_is_mined()
    {
        var (payer, facilitator, merchant) = await PartiesAsync();
        var (permit, witness) = await PermitAsync(5_000, facilitator, merchant);

        var hash = await Chain.UptoClient(facilitator).SubmitSettleAsync(permit, 4_321, payer.Address, witness, Sign(payer, permit, witness), Ct);

        Assert.Matches("^0x[0-9a-f]{64}$", hash);
        var receipt = await facilitator.Web3.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, Ct);
        Assert.True(receipt.Succeeded());
        Assert.Equal(4_321, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    [Fact]
    public async Task Settle_with_permit_approves_Permit2_with_the_payers_EIP_2612_permit_first()
    {
        var facilitator = await Chain.NewAccountAsync(Ct);
        var merchant = await Chain.NewAccountAsync(Ct);
        var payer = await Chain.NewAccountAsync(Ct); // holds tokens, never approved Permit2
        await Chain.Owner.Token.MintAsync(payer.Address, Funds, Ct);
        var (permit, witness) = await PermitAsync(2_000, facilitator, merchant);
        var signature = Sign(payer, permit, witness);
        var client = Chain.UptoClient(facilitator);
        var approval = await Eip2612PermitAsync(payer, 2_000, permit.Deadline);

        await ProxyReverts.WithAsync<Permit2612AmountMismatchError>(() => client.SettleWithPermitAsync(
            approval with { Value = 1_999 }, permit, 1_500, payer.Address, witness, signature, Ct));
        var receipt = await client.SettleWithPermitAsync(approval, permit, 1_500, payer.Address, witness, signature, Ct);

        Assert.Single(receipt.DecodeAllEvents<SettledWithPermitEvent>());
        Assert.Empty(receipt.DecodeAllEvents<Eip2612PermitFailedWithDataEvent>());
        Assert.Equal(1_500, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        // Permit2 was approved for the permitted amount and spent what was charged.
        Assert.Equal(500, await payer.Token.AllowanceAsync(payer.Address, Chain.Permit2, Ct));
    }

    [Fact]
    public async Task Settle_with_a_spent_EIP_2612_permit_records_the_failure_and_uses_the_existing_allowance()
    {
        var (payer, facilitator, merchant) = await PartiesAsync(); // already approved Permit2
        var (permit, witness) = await PermitAsync(2_000, facilitator, merchant);
        var tokenNonce = await payer.Token.NoncesAsync(payer.Address, Ct);
        var approval = await Eip2612PermitAsync(payer, 2_000, permit.Deadline);
        // Someone submits the EIP-2612 permit to the token first: the proxy's own attempt then fails.
        await payer.Token.PermitAsync(new PermitAuthorization(payer.Address, Chain.Permit2, 2_000, tokenNonce, permit.Deadline), approval.Signature, Ct);
        await Permit2Fixture.ApproveAsync(payer, Chain.Permit2, Ct);

        var receipt = await Chain.UptoClient(facilitator).SettleWithPermitAsync(approval, permit, 2_000, payer.Address, witness, Sign(payer, permit, witness), Ct);

        var failure = Assert.Single(receipt.DecodeAllEvents<Eip2612PermitFailedWithDataEvent>()).Event;
        Assert.Equal((Chain.Token, payer.Address), (EvmAddress.Parse(failure.Token), EvmAddress.Parse(failure.Owner)));
        Assert.NotEmpty(failure.Data); // the token's own custom error
        Assert.Single(receipt.DecodeAllEvents<SettledWithPermitEvent>());
        Assert.Equal(2_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    /// <summary>A permit for <paramref name="max"/> valid from a minute ago for an hour, for <paramref name="facilitator"/> to pay <paramref name="merchant"/>.</summary>
    private async Task<(PermitTransferFrom Permit, UptoWitness Witness)> PermitAsync(long max, Party facilitator, Party merchant)
    {
        var (permit, now) = await NewPermitAsync(max);
        return (permit, new UptoWitness(merchant.Address, facilitator.Address, now - 60));
    }

    private EvmSignature Sign(Party payer, PermitTransferFrom permit, UptoWitness witness) =>
        X402Permit2Signatures.SignUpto(Chain.ChainId, Chain.Permit2, Chain.Upto, permit, witness, payer.Key);

    private async Task<Eip2612Permit> Eip2612PermitAsync(Party payer, BigInteger value, BigInteger deadline)
    {
        var authorization = new PermitAuthorization(payer.Address, Chain.Permit2, value, await payer.Token.NoncesAsync(payer.Address, Ct), deadline);
        var signature = Eip2612.SignPermit(await payer.Token.ReadDomainAsync(Ct), authorization, payer.Key);
        return new Eip2612Permit(value, deadline, signature);
    }
}
