using System.Numerics;
using IndieGent.Chain.Token.Errors;
using IndieGent.Chain.Token.Events;
using IndieGent.Chain.Token.Functions;
using Nethereum.Contracts;

namespace IndieGent.Chain.Tests;

public sealed class PermitTests(TokenFixture token) : IClassFixture<TokenFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_permit_sets_the_allowance_increments_the_nonce_and_lets_the_spender_pull_funds()
    {
        var (holder, spender, relayer) = await PartiesAsync();
        var permit = new PermitAuthorization(holder.Address, spender.Address, 3_000_000, 0, await token.ChainTimeAsync(Ct) + 3600);
        var signature = Eip2612.SignPermit(token.Domain, permit, holder.Key);

        var receipt = await relayer.Token.PermitAsync(permit, signature, Ct);

        Assert.Equal(3_000_000, await relayer.Token.AllowanceAsync(holder.Address, spender.Address, Ct));
        Assert.Equal(1, await relayer.Token.NoncesAsync(holder.Address, Ct));
        var approval = Assert.Single(receipt.DecodeAllEvents<ApprovalEvent>()).Event;
        Assert.Equal((holder.Address, spender.Address, new BigInteger(3_000_000)),
            (EvmAddress.Parse(approval.Owner), EvmAddress.Parse(approval.Spender), approval.Value));

        await spender.Token.SendAsync(new TransferFromFunction
        {
            From = holder.Address.ToString(),
            To = spender.Address.ToString(),
            Value = 2_000_000,
        }, Ct);
        Assert.Equal(2_000_000, await spender.Token.BalanceOfAsync(spender.Address, Ct));
        Assert.Equal(1_000_000, await spender.Token.AllowanceAsync(holder.Address, spender.Address, Ct));
    }

    [Fact]
    public async Task A_permit_through_the_bytes_signature_overload_sets_the_allowance()
    {
        var (holder, spender, relayer) = await PartiesAsync();
        var permit = new PermitAuthorization(holder.Address, spender.Address, 42, 0, await token.ChainTimeAsync(Ct) + 3600);
        var signature = Eip2612.SignPermit(token.Domain, permit, holder.Key);

        await relayer.Token.SendAsync(new PermitFunction
        {
            Owner = permit.Owner.ToString(),
            Spender = permit.Spender.ToString(),
            Value = permit.Value,
            Deadline = permit.Deadline,
            Signature = signature.ToByteArray(),
        }, Ct);

        Assert.Equal(42, await relayer.Token.AllowanceAsync(holder.Address, spender.Address, Ct));
    }

    [Fact]
    public async Task A_permit_past_its_deadline_reverts_and_keeps_the_nonce()
    {
        var (holder, spender, relayer) = await PartiesAsync();
        var deadline = await token.ChainTimeAsync(Ct) - 1;
        var permit = new PermitAuthorization(holder.Address, spender.Address, 1_000, 0, deadline);
        var signature = Eip2612.SignPermit(token.Domain, permit, holder.Key);

        var error = await Reverts.WithAsync<PermitExpiredError>(() => relayer.Token.PermitAsync(permit, signature, Ct));

        Assert.Equal(deadline, error.Deadline);
        Assert.Equal(BigInteger.Zero, await relayer.Token.AllowanceAsync(holder.Address, spender.Address, Ct));
        Assert.Equal(BigInteger.Zero, await relayer.Token.NoncesAsync(holder.Address, Ct));
    }

    [Fact]
    public async Task A_used_permit_cannot_be_replayed()
    {
        var (holder, spender, relayer) = await PartiesAsync();
        var permit = new PermitAuthorization(holder.Address, spender.Address, 1_000, 0, await token.ChainTimeAsync(Ct) + 3600);
        var signature = Eip2612.SignPermit(token.Domain, permit, holder.Key);
        await relayer.Token.PermitAsync(permit, signature, Ct);
        await spender.Token.SendAsync(
            new TransferFromFunction { From = holder.Address.ToString(), To = spender.Address.ToString(), Value = 1_000 }, Ct);

        // The nonce moved on, so the same signature now recovers to some other address.
        await Reverts.WithAsync<InvalidSignerError>(() => relayer.Token.PermitAsync(permit, signature, Ct));

        Assert.Equal(BigInteger.Zero, await relayer.Token.AllowanceAsync(holder.Address, spender.Address, Ct));
    }

    private async Task<(Party Holder, Party Spender, Party Relayer)> PartiesAsync() =>
        (await token.NewAccountAsync(10_000_000, Ct), await token.NewAccountAsync(cancellationToken: Ct), await token.NewAccountAsync(cancellationToken: Ct));
}
