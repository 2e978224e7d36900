namespace IndieGent.Chain.Tests;

public sealed class EvmSignatureTests
{
    [Fact]
    public void A_signature_splits_into_r_s_and_v_and_round_trips_through_hex()
    {
        var r = Enumerable.Repeat((byte)0x11, 32).ToArray();
        var s = Enumerable.Repeat((byte)0x22, 32).ToArray();

        var signature = EvmSignature.FromComponents(28, r, s);

        Assert.Equal(r, signature.R);
        Assert.Equal(s, signature.S);
        Assert.Equal(28, signature.V);
        Assert.Equal("0x" + new string('1', 64) + new string('2', 64) + "1c", signature.ToHex());
        Assert.Equal(signature, EvmSignature.Parse(signature.ToHex()));
        Assert.Equal(signature, EvmSignature.FromBytes(signature.ToByteArray()));
        Assert.True(signature.IsLowS);
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("1111111111111111111111111111111111111111111111111111111111111111222222222222222222222222222222222222222222222222222222222222222222")]
    [InlineData("0x11111111111111111111111111111111111111111111111111111111111111112222222222222222222222222222222222222222222222222222222222222222zz")]
    public void Text_that_is_not_65_hex_bytes_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => EvmSignature.Parse(text));
    }

    [Fact]
    public void An_s_above_half_the_curve_order_is_reported_as_high()
    {
        var highS = Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A1");
        var halfOrder = Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0");

        Assert.False(EvmSignature.FromComponents(27, new byte[32], highS).IsLowS);
        Assert.True(EvmSignature.FromComponents(27, new byte[32], halfOrder).IsLowS);
    }
}
