using System.Numerics;
using IndieGent.Chain;
using IndieGent.Funding.Deposits;

namespace IndieGent.Funding.Tests;

/// <summary>Decimal amounts parsed exactly into base units, and EIP-681 requests built from them.</summary>
public sealed class Amounts_and_payment_requests
{
    [Theory]
    [InlineData("1", 6, "1000000")]
    [InlineData("12.5", 6, "12500000")]
    [InlineData("0.000001", 6, "1")]
    [InlineData("25.00", 2, "2500")]
    [InlineData("007", 0, "7")]
    public void A_decimal_becomes_base_units(string text, int decimals, string units)
    {
        Assert.True(TokenAmount.TryParse(text, decimals, out var parsed));
        Assert.Equal(BigInteger.Parse(units), parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0.000000")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1.0000001")]
    [InlineData("1e6")]
    [InlineData("1,5")]
    [InlineData(" 1")]
    [InlineData("١")]
    [InlineData("12345678901234567890123456789012345678901")]
    public void Anything_else_is_refused(string? text) => Assert.False(TokenAmount.TryParse(text, 6, out _));

    [Theory]
    [InlineData("0", 6, "0.000000")]
    [InlineData("1", 6, "0.000001")]
    [InlineData("12500000", 6, "12.500000")]
    [InlineData("2500", 2, "25.00")]
    [InlineData("7", 0, "7")]
    public void Base_units_are_written_with_every_decimal(string units, int decimals, string text) =>
        Assert.Equal(text, TokenAmount.Format(BigInteger.Parse(units), decimals));

    [Fact]
    public void An_EIP_681_request_names_the_token_the_chain_the_recipient_and_the_amount()
    {
        var token = EvmAddress.Parse("0x833589fcd6edb6e08f4c7c32d4f71b54bda02913");
        var recipient = EvmAddress.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        Assert.Equal("ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            PaymentUri.Erc20Transfer(token, 8453, recipient));
        Assert.Equal("ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=25500000",
            PaymentUri.Erc20Transfer(token, 8453, recipient, 25_500_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentUri.Erc20Transfer(token, 8453, recipient, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentUri.Erc20Transfer(token, 0, recipient));
    }
}
