using System.Numerics;
using System.Security.Cryptography;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.Permit2.Errors;
using IndieGent.Chain.Permit2.Events;
using IndieGent.Chain.Token.Events;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using TokenErrors = IndieGent.Chain.Token.Errors;

namespace IndieGent.Chain.Tests;

/// <summary>
/// Permit2 on anvil: what <see cref="Permit2Signatures"/> signs is what the contract verifies, the
/// transfers move exactly what the spender requests, and every refusal names its error and moves nothing.
/// </summary>
public sealed class The_permit2_contract(Permit2Fixture chain) : IClassFixture<Permit2Fixture>
{
    private const string WitnessType = Permit2Signatures.PaymentWitnessTypeString;
    private const long Funds = 10_000_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Its_domain_separator_is_the_one_computed_for_the_chain_and_its_address()
    {
        var spender = await chain.NewAccountAsync(Ct);

        Assert.Equal(Permit2Signatures.DomainSeparator(chain.ChainId, chain.Permit2), await chain.Client(spender).DomainSeparatorAsync(Ct));
    }

    [Fact]
    public async Task A_signed_witness_transfer_moves_exactly_the_requested_amount_to_the_recipient_and_uses_the_nonce()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = await PermitAsync(2_000_000);
        var witness = Witness("order-1");
        var signature = SignSingle(payer, permit, spender, witness);
        Assert.False(await chain.Client(spender).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));

        var receipt = await chain.Client(spender).PermitWitnessTransferFromAsync(
            permit, new TransferDetail(merchant.Address, 1_250_000), payer.Address, witness, WitnessType, signature, Ct);

        Assert.Equal(Funds - 1_250_000, await payer.Token.BalanceOfAsync(payer.Address, Ct));
        Assert.Equal(1_250_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(spender.Address, Ct));
        var transfer = Assert.Single(receipt.DecodeAllEvents<TransferEvent>()).Event;
        Assert.Equal((payer.Address, merchant.Address, new BigInteger(1_250_000)),
            (EvmAddress.Parse(transfer.From), EvmAddress.Parse(transfer.To), transfer.Value));
        Assert.True(await chain.Client(spender).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
        Assert.False(await chain.Client(spender).IsNonceUsedAsync(payer.Address, permit.Nonce ^ 1, Ct));
        Assert.Equal(BigInteger.One << (int)(permit.Nonce & 0xff), await chain.Client(spender).NonceBitmapAsync(payer.Address, permit.Nonce >> 8, Ct));
    }

    [Fact]
    public async Task A_signed_batch_witness_transfer_pays_each_split_exactly()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var platform = await chain.NewAccountAsync(Ct);
        var referrer = await chain.NewAccountAsync(Ct);
        var permit = await BatchPermitAsync(1_000_000, 30_000, 20_000);
        var witness = Witness("order-2");
        var signature = SignBatch(payer, permit, spender, witness);

        var receipt = await chain.Client(spender).PermitBatchWitnessTransferFromAsync(permit,
            [new(merchant.Address, 1_000_000), new(platform.Address, 30_000), new(referrer.Address, 15_000)],
            payer.Address, witness, WitnessType, signature, Ct);

        Assert.Equal(1_000_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(30_000, await payer.Token.BalanceOfAsync(platform.Address, Ct));
        Assert.Equal(15_000, await payer.Token.BalanceOfAsync(referrer.Address, Ct));
        Assert.Equal(Funds - 1_045_000, await payer.Token.BalanceOfAsync(payer.Address, Ct));
        Assert.Equal(3, receipt.DecodeAllEvents<TransferEvent>().Count);
        Assert.True(await chain.Client(spender).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
    }

    [Fact]
    public async Task A_batch_entry_requested_at_zero_is_skipped()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var other = await chain.NewAccountAsync(Ct);
        var permit = await BatchPermitAsync(400_000, 100_000);
        var witness = Witness("order-3");

        var receipt = await chain.Client(spender).PermitBatchWitnessTransferFromAsync(permit,
            [new(merchant.Address, 400_000), new(other.Address, 0)], payer.Address, witness, WitnessType, SignBatch(payer, permit, spender, witness), Ct);

        Assert.Single(receipt.DecodeAllEvents<TransferEvent>());
        Assert.Equal(400_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(other.Address, Ct));
    }

    [Fact]
    public async Task The_submit_variants_return_the_transaction_hash_and_the_transfer_is_mined()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var single = await PermitAsync(100);
        var batch = await BatchPermitAsync(200, 300);
        var witness = Witness("order-4");
        var client = chain.Client(spender);

        var first = await client.SubmitPermitWitnessTransferFromAsync(
            single, new(merchant.Address, 100), payer.Address, witness, WitnessType, SignSingle(payer, single, spender, witness), Ct);
        var second = await client.SubmitPermitBatchWitnessTransferFromAsync(batch,
            [new(merchant.Address, 200), new(merchant.Address, 300)], payer.Address, witness, WitnessType, SignBatch(payer, batch, spender, witness), Ct);

        foreach (var hash in new[] { first, second })
        {
            Assert.Matches("^0x[0-9a-f]{64}$", hash);
            var receipt = await spender.Web3.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, Ct);
            Assert.True(receipt.Succeeded());
        }

        Assert.Equal(600, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    [Fact]
    public async Task The_permits_without_a_witness_move_funds_too()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var single = await PermitAsync(1_000);
        var batch = await BatchPermitAsync(2_000, 3_000);
        var client = chain.Client(spender);

        await client.PermitTransferFromAsync(single, new(merchant.Address, 1_000), payer.Address, Permit2Signatures.Sign(
            Permit2Signatures.SingleDigest(chain.ChainId, chain.Permit2, single.Permitted, spender.Address, single.Nonce, single.Deadline), payer.Key), Ct);
        await client.PermitBatchTransferFromAsync(batch, [new(merchant.Address, 2_000), new(merchant.Address, 3_000)], payer.Address, Permit2Signatures.Sign(
            Permit2Signatures.BatchDigest(chain.ChainId, chain.Permit2, batch.Permitted, spender.Address, batch.Nonce, batch.Deadline), payer.Key), Ct);

        Assert.Equal(6_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    [Fact]
    public async Task A_used_nonce_is_refused_and_moves_nothing()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = await PermitAsync(500_000);
        var witness = Witness("order-5");
        var client = chain.Client(spender);
        await client.PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 500_000), payer.Address, witness, WitnessType, SignSingle(payer, permit, spender, witness), Ct);
        // A batch permit signed with the same nonce is refused as well: the nonce space is shared.
        var batch = new PermitBatchTransferFrom([new(chain.Token, 1)], permit.Nonce, permit.Deadline);

        await Permit2Reverts.WithAsync<InvalidNonceError>(() => client.PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 500_000), payer.Address, witness, WitnessType, SignSingle(payer, permit, spender, witness), Ct));
        await Permit2Reverts.WithAsync<InvalidNonceError>(() => client.PermitBatchWitnessTransferFromAsync(
            batch, [new(merchant.Address, 1)], payer.Address, witness, WitnessType, SignBatch(payer, batch, spender, witness), Ct));

        Assert.Equal(500_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.Equal(Funds - 500_000, await payer.Token.BalanceOfAsync(payer.Address, Ct));
    }

    [Fact]
    public async Task Nonces_the_owner_invalidated_are_reported_used_and_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = await PermitAsync(1);
        var word = permit.Nonce >> 8;
        var mask = (BigInteger.One << (int)(permit.Nonce & 0xff)) | 1;

        var receipt = await chain.Client(payer).InvalidateUnorderedNoncesAsync(word, mask, Ct);

        var invalidation = Assert.Single(receipt.DecodeAllEvents<UnorderedNonceInvalidationEvent>()).Event;
        Assert.Equal((payer.Address, word, mask), (EvmAddress.Parse(invalidation.Owner), invalidation.Word, invalidation.Mask));
        Assert.True(await chain.Client(spender).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
        Assert.True(await chain.Client(spender).IsNonceUsedAsync(payer.Address, word << 8, Ct));
        var witness = Witness("order-6");
        await Permit2Reverts.WithAsync<InvalidNonceError>(() => chain.Client(spender).PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 1), payer.Address, witness, WitnessType, SignSingle(payer, permit, spender, witness), Ct));
        Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    [Fact]
    public async Task A_permit_past_its_deadline_is_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = (await PermitAsync(1_000)) with { Deadline = await chain.ChainTimeAsync(Ct) - 1 };
        var witness = Witness("order-7");

        var error = await Permit2Reverts.WithAsync<SignatureExpiredError>(() => chain.Client(spender).PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 1_000), payer.Address, witness, WitnessType, SignSingle(payer, permit, spender, witness), Ct));

        Assert.Equal(permit.Deadline, error.SignatureDeadline);
        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task A_permit_submitted_by_another_spender_than_the_one_signed_is_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var thief = await chain.NewAccountAsync(Ct);
        var permit = await PermitAsync(1_000);
        var witness = Witness("order-8");
        var signature = SignSingle(payer, permit, spender, witness);

        await Permit2Reverts.WithAsync<InvalidSignerError>(() => chain.Client(thief).PermitWitnessTransferFromAsync(
            permit, new(thief.Address, 1_000), payer.Address, witness, WitnessType, signature, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant, thief);
    }

    [Fact]
    public async Task A_permit_signed_by_another_key_than_the_owner_is_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var stranger = await chain.NewAccountAsync(Ct);
        var permit = await PermitAsync(1_000);
        var witness = Witness("order-9");

        await Permit2Reverts.WithAsync<InvalidSignerError>(() => chain.Client(spender).PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 1_000), payer.Address, witness, WitnessType, SignSingle(stranger, permit, spender, witness), Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task A_requested_amount_above_the_permitted_one_is_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var single = await PermitAsync(1_000);
        var batch = await BatchPermitAsync(1_000, 2_000);
        var witness = Witness("order-10");
        var client = chain.Client(spender);

        var singleError = await Permit2Reverts.WithAsync<InvalidAmountError>(() => client.PermitWitnessTransferFromAsync(
            single, new(merchant.Address, 1_001), payer.Address, witness, WitnessType, SignSingle(payer, single, spender, witness), Ct));
        var batchError = await Permit2Reverts.WithAsync<InvalidAmountError>(() => client.PermitBatchWitnessTransferFromAsync(
            batch, [new(merchant.Address, 1_000), new(merchant.Address, 2_001)], payer.Address, witness, WitnessType,
            SignBatch(payer, batch, spender, witness), Ct));

        Assert.Equal(1_000, singleError.MaxAmount);
        Assert.Equal(2_000, batchError.MaxAmount);
        await AssertNothingMovedAsync(payer, single.Nonce, merchant);
        Assert.False(await client.IsNonceUsedAsync(payer.Address, batch.Nonce, Ct));
    }

    [Fact]
    public async Task A_batch_whose_transfer_details_and_permitted_tokens_differ_in_number_is_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = await BatchPermitAsync(1_000, 2_000);
        var witness = Witness("order-11");
        var signature = SignBatch(payer, permit, spender, witness);
        var client = chain.Client(spender);

        await Permit2Reverts.WithAsync<LengthMismatchError>(() => client.PermitBatchWitnessTransferFromAsync(
            permit, [new(merchant.Address, 1_000)], payer.Address, witness, WitnessType, signature, Ct));
        await Permit2Reverts.WithAsync<LengthMismatchError>(() => client.PermitBatchWitnessTransferFromAsync(
            permit, [new(merchant.Address, 1_000), new(merchant.Address, 2_000), new(merchant.Address, 1)], payer.Address, witness, WitnessType, signature, Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task An_altered_witness_or_witness_type_string_is_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = await PermitAsync(1_000);
        var batch = await BatchPermitAsync(1_000);
        var witness = Witness("order-12");
        var otherWitness = Witness("order-12");
        var alteredType = WitnessType.Replace("externalId", "externalID", StringComparison.Ordinal);
        var client = chain.Client(spender);
        var transfer = new TransferDetail(merchant.Address, 1_000);

        await Permit2Reverts.WithAsync<InvalidSignerError>(() => client.PermitWitnessTransferFromAsync(
            permit, transfer, payer.Address, otherWitness, WitnessType, SignSingle(payer, permit, spender, witness), Ct));
        await Permit2Reverts.WithAsync<InvalidSignerError>(() => client.PermitWitnessTransferFromAsync(
            permit, transfer, payer.Address, witness, alteredType, SignSingle(payer, permit, spender, witness), Ct));
        await Permit2Reverts.WithAsync<InvalidSignerError>(() => client.PermitBatchWitnessTransferFromAsync(
            batch, [transfer], payer.Address, otherWitness, WitnessType, SignBatch(payer, batch, spender, witness), Ct));
        await Permit2Reverts.WithAsync<InvalidSignerError>(() => client.PermitBatchWitnessTransferFromAsync(
            batch, [transfer], payer.Address, witness, alteredType, SignBatch(payer, batch, spender, witness), Ct));
        // A signature over the single message does not pay a batch of the same one token.
        var asBatch = new PermitBatchTransferFrom([permit.Permitted], permit.Nonce, permit.Deadline);
        await Permit2Reverts.WithAsync<InvalidSignerError>(() => client.PermitBatchWitnessTransferFromAsync(
            asBatch, [transfer], payer.Address, witness, WitnessType, SignSingle(payer, permit, spender, witness), Ct));

        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task A_compact_EIP_2098_signature_is_accepted()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = await PermitAsync(7_000);
        var witness = Witness("order-13");
        var compact = Permit2Signatures.ToCompact(SignSingle(payer, permit, spender, witness));

        await chain.Client(spender).SendAsync(Permit2Calls.PermitWitnessTransferFrom(
            permit, new(merchant.Address, 7_000), payer.Address, witness, WitnessType, compact), Ct);

        Assert.Equal(7_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
    }

    [Fact]
    public async Task A_malleable_or_malformed_signature_is_refused()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var permit = await PermitAsync(1_000);
        var witness = Witness("order-14");
        var signature = SignSingle(payer, permit, spender, witness);
        var client = chain.Client(spender);
        var curveOrder = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");
        var highS = (curveOrder - new BigInteger(signature.S, isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
        var twin = EvmSignature.FromComponents((byte)(signature.V == 27 ? 28 : 27), signature.R, highS);
        var badV = EvmSignature.FromComponents(29, signature.R, signature.S);
        Task Send(byte[] bytes) => client.SendAsync(Permit2Calls.PermitWitnessTransferFrom(
            permit, new(merchant.Address, 1_000), payer.Address, witness, WitnessType, bytes), Ct);

        var malleable = await Permit2Reverts.WithAsync<InvalidSignatureSError>(() => Send(twin.ToByteArray()));
        await Permit2Reverts.WithAsync<InvalidSignatureError>(() => Send(badV.ToByteArray()));
        await Permit2Reverts.WithAsync<InvalidSignatureLengthError>(() => Send([.. signature.ToByteArray(), 0]));
        await Permit2Reverts.WithAsync<InvalidSignatureLengthError>(() => Send([]));

        Assert.Equal(highS, malleable.S);
        Assert.Equal(payer.Address, Permit2Signatures.Recover(Permit2Signatures.SingleDigest(chain.ChainId, chain.Permit2, permit.Permitted,
            spender.Address, permit.Nonce, permit.Deadline, witness, WitnessType), twin));
        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task The_tokens_own_refusal_is_passed_through_and_described()
    {
        var spender = await chain.NewAccountAsync(Ct);
        var merchant = await chain.NewAccountAsync(Ct);
        var payer = await chain.NewAccountAsync(Ct); // holds tokens but never approved Permit2
        await chain.Owner.Token.MintAsync(payer.Address, Funds, Ct);
        var permit = await PermitAsync(1_000);
        var witness = Witness("order-15");

        var refusal = await Assert.ThrowsAsync<Permit2RevertException>(() => chain.Client(spender).PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 1_000), payer.Address, witness, WitnessType, SignSingle(payer, permit, spender, witness), Ct));

        Assert.True(refusal.IsCustomErrorFor<TokenErrors.Erc20InsufficientAllowanceError>(), refusal.Message);
        Assert.Equal("ERC20InsufficientAllowance", refusal.ErrorName);
        Assert.Contains("approved Permit2 for 0 of the token, 1000 needed", refusal.Message, StringComparison.Ordinal);
        await AssertNothingMovedAsync(payer, permit.Nonce, merchant);
    }

    [Fact]
    public async Task The_same_code_placed_at_the_canonical_address_verifies_signatures_made_for_that_address()
    {
        var (payer, spender, merchant) = await PartiesAsync();
        var canonical = await Permit2Deployer.SetCodeAsync(chain.Owner.Web3, Permit2Signatures.CanonicalAddress, Ct);
        await Permit2Fixture.ApproveAsync(payer, canonical.Address, Ct);
        var client = chain.Client(spender, canonical.Address);
        var permit = await PermitAsync(3_000);
        var witness = Witness("order-16");
        var signedForDeployed = SignSingle(payer, permit, spender, witness);
        var signedForCanonical = SignSingle(payer, permit, spender, witness, canonical.Address);

        // No immutables: the code a deployment leaves is the artifact's runtime code, byte for byte.
        Assert.Equal(Permit2Artifact.Embedded.DeployedBytecode, await chain.Owner.Web3.Eth.GetCode.SendRequestAsync(chain.Permit2.ToLowerHex()));
        Assert.Equal(Permit2Signatures.DomainSeparator(chain.ChainId, Permit2Signatures.CanonicalAddress), await canonical.DomainSeparatorAsync(Ct));
        await Permit2Reverts.WithAsync<InvalidSignerError>(() => client.PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 3_000), payer.Address, witness, WitnessType, signedForDeployed, Ct));
        await client.PermitWitnessTransferFromAsync(
            permit, new(merchant.Address, 3_000), payer.Address, witness, WitnessType, signedForCanonical, Ct);

        Assert.Equal(3_000, await payer.Token.BalanceOfAsync(merchant.Address, Ct));
        Assert.True(await client.IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
        // Nonces are per contract: the deployed Permit2 has not seen this one.
        Assert.False(await chain.Client(spender).IsNonceUsedAsync(payer.Address, permit.Nonce, Ct));
    }

    private async Task<(Party Payer, Party Spender, Party Merchant)> PartiesAsync() =>
        (await chain.NewPayerAsync(Funds, Ct), await chain.NewAccountAsync(Ct), await chain.NewAccountAsync(Ct));

    /// <summary>A full 256-bit random nonce, so word positions far from 0 are exercised too.</summary>
    private static BigInteger NewNonce() => new(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);

    private static byte[] Witness(string externalId) => Permit2Signatures.PaymentWitnessHash(RandomNumberGenerator.GetBytes(32), externalId);

    private async Task<PermitTransferFrom> PermitAsync(BigInteger amount) =>
        new(new TokenPermission(chain.Token, amount), NewNonce(), await chain.ChainTimeAsync(Ct) + 3600);

    private async Task<PermitBatchTransferFrom> BatchPermitAsync(params long[] amounts) =>
        new([.. amounts.Select(a => new TokenPermission(chain.Token, a))], NewNonce(), await chain.ChainTimeAsync(Ct) + 3600);

    private EvmSignature SignSingle(Party signer, PermitTransferFrom permit, Party spender, byte[] witness, EvmAddress? at = null) =>
        Permit2Signatures.Sign(Permit2Signatures.SingleDigest(chain.ChainId, at ?? chain.Permit2, permit.Permitted, spender.Address,
            permit.Nonce, permit.Deadline, witness, WitnessType), signer.Key);

    private EvmSignature SignBatch(Party signer, PermitBatchTransferFrom permit, Party spender, byte[] witness) =>
        Permit2Signatures.Sign(Permit2Signatures.BatchDigest(chain.ChainId, chain.Permit2, permit.Permitted, spender.Address,
            permit.Nonce, permit.Deadline, witness, WitnessType), signer.Key);

    private async Task AssertNothingMovedAsync(Party payer, BigInteger nonce, params Party[] others)
    {
        Assert.Equal(Funds, await payer.Token.BalanceOfAsync(payer.Address, Ct));
        foreach (var other in others)
            Assert.Equal(BigInteger.Zero, await payer.Token.BalanceOfAsync(other.Address, Ct));
        Assert.False(await chain.Client(payer).IsNonceUsedAsync(payer.Address, nonce, Ct));
    }
}
