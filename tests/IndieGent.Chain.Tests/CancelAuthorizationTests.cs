using IndieGent.Chain.Token.Errors;
using IndieGent.Chain.Token.Events;
using IndieGent.Chain.Token.Functions;
using Nethereum.Contracts;

namespace IndieGent.Chain.Tests;

public sealed class CancelAuthorizationTests(TokenFixture token) : IClassFixture<TokenFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_canceled_authorization_flips_its_state_and_can_no_longer_be_used()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee);
        var transferSignature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);
        var cancelSignature = Eip3009.SignCancelAuthorization(token.Domain, payer.Address, authorization.Nonce, payer.Key);

        var receipt = await relayer.Token.CancelAuthorizationAsync(payer.Address, authorization.Nonce, cancelSignature, Ct);

        Assert.True(await relayer.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
        var canceled = Assert.Single(receipt.DecodeAllEvents<AuthorizationCanceledEvent>()).Event;
        Assert.Equal(payer.Address, EvmAddress.Parse(canceled.Authorizer));
        Assert.Equal(authorization.Nonce, canceled.Nonce);
        await Reverts.WithAsync<AuthorizationUsedOrCanceledError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, transferSignature, Ct));
        Assert.Equal(10_000_000, await relayer.Token.BalanceOfAsync(payer.Address, Ct));
    }

    [Fact]
    public async Task A_cancellation_through_the_v_r_s_overload_also_burns_the_nonce()
    {
        var (payer, _, relayer) = await PartiesAsync();
        var nonce = Eip3009.NewNonce();
        var signature = Eip3009.SignCancelAuthorization(token.Domain, payer.Address, nonce, payer.Key);

        await relayer.Token.SendAsync(new CancelAuthorizationVrsFunction
        {
            Authorizer = payer.Address.ToString(),
            AuthorizationNonce = nonce,
            V = signature.V,
            R = signature.R,
            S = signature.S,
        }, Ct);

        Assert.True(await relayer.Token.AuthorizationStateAsync(payer.Address, nonce, Ct));
    }

    [Fact]
    public async Task A_used_authorization_cannot_be_canceled()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee);
        await relayer.Token.TransferWithAuthorizationAsync(
            authorization, Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key), Ct);
        var cancelSignature = Eip3009.SignCancelAuthorization(token.Domain, payer.Address, authorization.Nonce, payer.Key);

        await Reverts.WithAsync<AuthorizationUsedOrCanceledError>(
            () => relayer.Token.CancelAuthorizationAsync(payer.Address, authorization.Nonce, cancelSignature, Ct));
    }

    [Fact]
    public async Task A_cancellation_signed_by_someone_other_than_the_authorizer_reverts_and_leaves_the_nonce_usable()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee);
        // The payee's own, valid cancellation of its own nonce, submitted for the payer.
        var payeeSignature = Eip3009.SignCancelAuthorization(token.Domain, payee.Address, authorization.Nonce, payee.Key);

        var error = await Reverts.WithAsync<InvalidSignerError>(
            () => relayer.Token.CancelAuthorizationAsync(payer.Address, authorization.Nonce, payeeSignature, Ct));

        Assert.Equal(payer.Address, EvmAddress.Parse(error.Expected));
        Assert.False(await relayer.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
        await relayer.Token.TransferWithAuthorizationAsync(
            authorization, Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key), Ct);
        Assert.Equal(1_000_000, await relayer.Token.BalanceOfAsync(payee.Address, Ct));
    }

    private async Task<(Party Payer, Party Payee, Party Relayer)> PartiesAsync() =>
        (await token.NewAccountAsync(10_000_000, Ct), await token.NewAccountAsync(cancellationToken: Ct), await token.NewAccountAsync(cancellationToken: Ct));

    private async Task<TransferAuthorization> AuthorizationAsync(Party from, Party to) =>
        new(from.Address, to.Address, 1_000_000, 0, await token.ChainTimeAsync(Ct) + 3600, Eip3009.NewNonce());
}
