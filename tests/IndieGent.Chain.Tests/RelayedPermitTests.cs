using System.Numerics;
using Nethereum.Signer;

namespace IndieGent.Chain.Tests;

/// <summary>The relayer's permit call: encoded as the token reads it, decoded strictly (a decoded call re-encodes to exactly its bytes), hostile bytes refused without throwing.</summary>
public sealed class RelayedPermitTests(TokenFixture token) : IClassFixture<TokenFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RelayedPermit Sample()
    {
        var owner = EthECKey.GenerateKey();
        var permit = new PermitAuthorization(EvmAddress.Parse(owner.GetPublicAddress()), Permit2.Permit2Signatures.CanonicalAddress,
            BigInteger.Pow(2, 256) - 1, 0, 1_900_000_000);
        var signature = Eip2612.SignPermit(new TokenDomain("USDC", "2", 31337, EvmAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3")), permit, owner);
        return new RelayedPermit(permit.Owner, permit.Spender, permit.Value, permit.Deadline, signature);
    }

    [Fact]
    public void Decodes_its_own_encoding_and_nothing_altered_around_it()
    {
        var permit = Sample();
        var calldata = permit.ToCalldata();

        Assert.True(RelayedPermit.TryDecode(calldata, out var decoded, out var problem), problem);
        Assert.Equal(permit, decoded);
        Assert.False(RelayedPermit.TryDecode([.. calldata, 0], out _, out _));
        Assert.False(RelayedPermit.TryDecode(calldata[..^1], out _, out _));
        Assert.False(RelayedPermit.TryDecode(calldata[..4], out _, out _));
        Assert.False(RelayedPermit.TryDecode(new RelayedAuthorization(new TransferAuthorization(permit.Owner, permit.Spender, 1, 0, 1, new byte[32]),
            permit.Signature).ToCalldata(), out _, out _));
    }

    [Fact]
    public void A_hundred_thousand_mutated_calls_are_refused_or_decoded_exactly_without_an_exception()
    {
        var calldata = Sample().ToCalldata();
        var random = new Random(20261205);
        for (var i = 0; i < 100_000; i++)
        {
            var input = (byte[])calldata.Clone();
            // Flip a few bytes past the selector (or anywhere, one time in ten), or cut or grow the call.
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                input[random.Next(i % 10 == 0 ? 0 : 4, input.Length)] ^= (byte)random.Next(1, 256);
            input = (i % 7) switch
            {
                0 => input[..random.Next(0, input.Length)],
                1 => [.. input, .. new byte[random.Next(1, 64)]],
                _ => input,
            };
            if (RelayedPermit.TryDecode(input, out var decoded, out _))
                Assert.Equal(input, decoded.ToCalldata());
        }
    }

    [Fact]
    public async Task The_token_accepts_the_encoded_call_from_any_sender()
    {
        var holder = EthECKey.GenerateKey();
        var spender = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        var owner = EvmAddress.Parse(holder.GetPublicAddress());
        var deadline = await token.ChainTimeAsync(Ct) + 600;
        var permit = new RelayedPermit(owner, spender, 77, deadline,
            Eip2612.SignPermit(token.Domain, new PermitAuthorization(owner, spender, 77, 0, deadline), holder));
        var relayer = await token.NewAccountAsync(cancellationToken: Ct);

        await relayer.Web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(new Nethereum.RPC.Eth.DTOs.TransactionInput(
            "0x" + Convert.ToHexStringLower(permit.ToCalldata()), token.Address.ToChecksumHex(), relayer.Address.ToChecksumHex(),
            new Nethereum.Hex.HexTypes.HexBigInteger(200_000), null), Ct);

        Assert.Equal(77, await relayer.Token.AllowanceAsync(owner, spender, Ct));
    }
}
