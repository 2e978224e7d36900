using System.Numerics;
using IndieGent.Chain.Token.Errors;
using IndieGent.Chain.Token.Events;
using IndieGent.Chain.Token.Functions;
using Nethereum.Contracts;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace IndieGent.Chain.Tests;

public sealed class TransferWithAuthorizationTests(TokenFixture token) : IClassFixture<TokenFixture>
{
    private static readonly BigInteger _curveOrder =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_relayer_moves_the_funds_with_an_authorization_signed_by_the_payer_through_the_bytes_signature_overload()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_500_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        await relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct);

        Assert.Equal(10_000_000 - 1_500_000, await relayer.Token.BalanceOfAsync(payer.Address, Ct));
        Assert.Equal(1_500_000, await relayer.Token.BalanceOfAsync(payee.Address, Ct));
        Assert.Equal(BigInteger.Zero, await relayer.Token.BalanceOfAsync(relayer.Address, Ct));
    }

    [Fact]
    public async Task A_relayer_moves_the_funds_with_an_authorization_signed_by_the_payer_through_the_v_r_s_overload()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 2_000_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        await relayer.Token.TransferWithAuthorizationVrsAsync(authorization, signature, Ct);

        Assert.Equal(8_000_000, await relayer.Token.BalanceOfAsync(payer.Address, Ct));
        Assert.Equal(2_000_000, await relayer.Token.BalanceOfAsync(payee.Address, Ct));
    }

    [Fact]
    public async Task Using_an_authorization_flips_its_state_and_emits_AuthorizationUsed_then_Transfer()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);
        Assert.False(await relayer.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));

        var receipt = await relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct);

        Assert.True(await relayer.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
        var used = Assert.Single(receipt.DecodeAllEvents<AuthorizationUsedEvent>());
        Assert.Equal(payer.Address, EvmAddress.Parse(used.Event.Authorizer));
        Assert.Equal(authorization.Nonce, used.Event.Nonce);
        var transfer = Assert.Single(receipt.DecodeAllEvents<TransferEvent>());
        Assert.True(used.Log.LogIndex.Value < transfer.Log.LogIndex.Value);
        Assert.Equal(token.Address, EvmAddress.Parse(used.Log.Address));
    }

    [Fact]
    public async Task Replaying_a_used_authorization_reverts_through_either_overload()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);
        await relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct);

        var error = await Reverts.WithAsync<AuthorizationUsedOrCanceledError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct));
        await Reverts.WithAsync<AuthorizationUsedOrCanceledError>(
            () => relayer.Token.TransferWithAuthorizationVrsAsync(authorization, signature, Ct));

        Assert.Equal(payer.Address, EvmAddress.Parse(error.Authorizer));
        Assert.Equal(authorization.Nonce, error.Nonce);
        Assert.Equal(1_000_000, await relayer.Token.BalanceOfAsync(payee.Address, Ct));
    }

    [Fact]
    public async Task An_authorization_whose_valid_before_has_passed_reverts_as_expired()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        // The next block's time is at least the latest block's, so validBefore = latest has passed.
        var authorization = await AuthorizationAsync(payer, payee, 1, validBefore: await token.ChainTimeAsync(Ct));
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        var error = await Reverts.WithAsync<AuthorizationExpiredError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct));

        Assert.Equal(authorization.ValidBefore, error.ValidBefore);
        Assert.False(await relayer.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
    }

    [Fact]
    public async Task An_authorization_whose_valid_after_is_in_the_future_reverts_as_not_yet_valid()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var now = await token.ChainTimeAsync(Ct);
        var authorization = await AuthorizationAsync(payer, payee, 1, validAfter: now + 3600, validBefore: now + 7200);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        var error = await Reverts.WithAsync<AuthorizationNotYetValidError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct));

        Assert.Equal(now + 3600, error.ValidAfter);
    }

    [Fact]
    public async Task An_authorization_signed_with_a_key_other_than_the_payers_reverts()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000_000);
        // The payee forges the payer's authorization with its own key, bypassing the library's own check.
        var forged = EvmSignature.Parse(Eip712TypedDataSigner.Current.SignTypedDataV4(
            Eip3009.TransferWithAuthorizationTypedData(token.Domain, authorization), payee.Key));

        var error = await Reverts.WithAsync<InvalidSignerError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, forged, Ct));

        Assert.Equal(payee.Address, EvmAddress.Parse(error.Signer));
        Assert.Equal(payer.Address, EvmAddress.Parse(error.Expected));
        Assert.Equal(10_000_000, await relayer.Token.BalanceOfAsync(payer.Address, Ct));
    }

    [Fact]
    public async Task An_authorization_whose_amount_was_raised_after_signing_reverts()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var signed = await AuthorizationAsync(payer, payee, 1_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, signed, payer.Key);

        var error = await Reverts.WithAsync<InvalidSignerError>(
            () => relayer.Token.TransferWithAuthorizationAsync(signed with { Value = 9_000_000 }, signature, Ct));

        Assert.NotEqual(payer.Address, EvmAddress.Parse(error.Signer));
    }

    [Fact]
    public async Task An_authorization_signed_for_another_token_or_chain_reverts()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);
        var otherToken = token.Domain with { VerifyingContract = payee.Address };
        var otherChain = token.Domain with { ChainId = 8453 };

        foreach (var domain in new[] { otherToken, otherChain })
        {
            var signature = Eip3009.SignTransferWithAuthorization(domain, authorization, payer.Key);
            await Reverts.WithAsync<InvalidSignerError>(
                () => relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct));
        }

        Assert.False(await relayer.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
    }

    [Fact]
    public async Task A_malleated_high_s_twin_of_a_valid_signature_reverts()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);
        // (r, n - s, v ^ 1) recovers the same signer; EIP-2 says only the low-s form is valid.
        var highS = _curveOrder - new BigInteger(signature.S, isUnsigned: true, isBigEndian: true);
        var twin = EvmSignature.FromComponents(
            (byte)(signature.V == 27 ? 28 : 27), signature.R, highS.ToByteArray(isUnsigned: true, isBigEndian: true));
        Assert.True(signature.IsLowS);
        Assert.False(twin.IsLowS);

        var error = await Reverts.WithAsync<InvalidSignatureSError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, twin, Ct));

        Assert.Equal(twin.S, error.S);
    }

    [Fact]
    public async Task A_signature_with_a_v_other_than_27_or_28_reverts()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);
        var yParity = EvmSignature.FromComponents((byte)(signature.V - 27), signature.R, signature.S);

        var error = await Reverts.WithAsync<InvalidSignatureVError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, yParity, Ct));

        Assert.Equal(signature.V - 27, error.V);
    }

    [Fact]
    public async Task A_bytes_signature_that_is_not_65_bytes_long_reverts()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        var error = await Reverts.WithAsync<InvalidSignatureLengthError>(() => relayer.Token.SendAsync(
            new TransferWithAuthorizationFunction
            {
                From = payer.Address.ToString(),
                To = payee.Address.ToString(),
                Value = authorization.Value,
                ValidAfter = authorization.ValidAfter,
                ValidBefore = authorization.ValidBefore,
                AuthorizationNonce = authorization.Nonce,
                Signature = signature.ToByteArray()[..64],
            },
            Ct));

        Assert.Equal(64, error.Length);
    }

    [Fact]
    public async Task An_authorization_for_more_than_the_balance_reverts_and_leaves_the_nonce_unused()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 10_000_001);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        await Reverts.WithAsync<Erc20InsufficientBalanceError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, signature, Ct));

        Assert.False(await relayer.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
    }

    [Fact]
    public async Task The_signer_recovered_off_chain_is_the_payer()
    {
        var (payer, payee, _) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);
        var signature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        Assert.Equal(payer.Address, Eip3009.RecoverTransferWithAuthorizationSigner(token.Domain, authorization, signature));
        Assert.NotEqual(
            payer.Address,
            Eip3009.RecoverTransferWithAuthorizationSigner(token.Domain, authorization with { To = payer.Address }, signature));
    }

    [Fact]
    public async Task Signing_for_a_payer_with_someone_elses_key_is_refused_before_anything_reaches_the_chain()
    {
        var (payer, payee, _) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);

        var error = Assert.Throws<ArgumentException>(
            () => Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payee.Key));

        Assert.Contains(payer.Address.ToString(), error.Message, StringComparison.Ordinal);
    }

    private async Task<(Party Payer, Party Payee, Party Relayer)> PartiesAsync() =>
        (await token.NewAccountAsync(10_000_000, Ct), await token.NewAccountAsync(cancellationToken: Ct), await token.NewAccountAsync(cancellationToken: Ct));

    private async Task<TransferAuthorization> AuthorizationAsync(
        Party from, Party to, BigInteger value, BigInteger? validAfter = null, BigInteger? validBefore = null) =>
        new(from.Address, to.Address, value, validAfter ?? 0, validBefore ?? await token.ChainTimeAsync(Ct) + 3600, Eip3009.NewNonce());
}
