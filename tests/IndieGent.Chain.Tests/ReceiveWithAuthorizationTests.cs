using System.Numerics;
using IndieGent.Chain.Token.Errors;
using IndieGent.Chain.Token.Functions;

namespace IndieGent.Chain.Tests;

public sealed class ReceiveWithAuthorizationTests(TokenFixture token) : IClassFixture<TokenFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_payee_collects_a_receive_authorization_signed_by_the_payer()
    {
        var (payer, payee, _) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 750_000);
        var signature = Eip3009.SignReceiveWithAuthorization(token.Domain, authorization, payer.Key);

        await payee.Token.ReceiveWithAuthorizationAsync(authorization, signature, Ct);

        Assert.Equal(750_000, await payee.Token.BalanceOfAsync(payee.Address, Ct));
        Assert.True(await payee.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
    }

    [Fact]
    public async Task The_payee_collects_through_the_v_r_s_overload_too()
    {
        var (payer, payee, _) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 250_000);
        var signature = Eip3009.SignReceiveWithAuthorization(token.Domain, authorization, payer.Key);

        await payee.Token.SendAsync(new ReceiveWithAuthorizationVrsFunction
        {
            From = authorization.From.ToString(),
            To = authorization.To.ToString(),
            Value = authorization.Value,
            ValidAfter = authorization.ValidAfter,
            ValidBefore = authorization.ValidBefore,
            AuthorizationNonce = authorization.Nonce,
            V = signature.V,
            R = signature.R,
            S = signature.S,
        }, Ct);

        Assert.Equal(250_000, await payee.Token.BalanceOfAsync(payee.Address, Ct));
    }

    [Fact]
    public async Task A_receive_authorization_submitted_by_anyone_but_the_payee_reverts()
    {
        var (payer, payee, frontRunner) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000_000);
        var signature = Eip3009.SignReceiveWithAuthorization(token.Domain, authorization, payer.Key);

        var error = await Reverts.WithAsync<CallerMustBePayeeError>(
            () => frontRunner.Token.ReceiveWithAuthorizationAsync(authorization, signature, Ct));

        Assert.Equal(frontRunner.Address, EvmAddress.Parse(error.Caller));
        Assert.Equal(payee.Address, EvmAddress.Parse(error.Payee));
        Assert.False(await payee.Token.AuthorizationStateAsync(payer.Address, authorization.Nonce, Ct));
    }

    [Fact]
    public async Task A_transfer_authorization_signature_does_not_pass_as_a_receive_authorization()
    {
        var (payer, payee, _) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);
        var transferSignature = Eip3009.SignTransferWithAuthorization(token.Domain, authorization, payer.Key);

        await Reverts.WithAsync<InvalidSignerError>(
            () => payee.Token.ReceiveWithAuthorizationAsync(authorization, transferSignature, Ct));
    }

    [Fact]
    public async Task A_receive_authorization_signature_does_not_pass_as_a_transfer_authorization()
    {
        var (payer, payee, relayer) = await PartiesAsync();
        var authorization = await AuthorizationAsync(payer, payee, 1_000);
        var receiveSignature = Eip3009.SignReceiveWithAuthorization(token.Domain, authorization, payer.Key);

        await Reverts.WithAsync<InvalidSignerError>(
            () => relayer.Token.TransferWithAuthorizationAsync(authorization, receiveSignature, Ct));
    }

    private async Task<(Party Payer, Party Payee, Party Other)> PartiesAsync() =>
        (await token.NewAccountAsync(10_000_000, Ct), await token.NewAccountAsync(cancellationToken: Ct), await token.NewAccountAsync(cancellationToken: Ct));

    private async Task<TransferAuthorization> AuthorizationAsync(Party from, Party to, BigInteger value) =>
        new(from.Address, to.Address, value, 0, await token.ChainTimeAsync(Ct) + 3600, Eip3009.NewNonce());
}
