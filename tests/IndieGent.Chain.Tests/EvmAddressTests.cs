using System.Text.Json;

namespace IndieGent.Chain.Tests;

public sealed class EvmAddressTests
{
    // The EIP-55 specification's own examples.
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Formatting_produces_the_eip55_checksum_whatever_case_was_parsed(string checksummed)
    {
        Assert.Equal(checksummed, EvmAddress.Parse(checksummed.ToLowerInvariant()).ToChecksumHex());
        Assert.Equal(checksummed, EvmAddress.Parse("0x" + checksummed[2..].ToUpperInvariant()).ToString());
        Assert.Equal(checksummed, EvmAddress.Parse(checksummed).ToChecksumHex());
    }

    [Fact]
    public void Addresses_that_differ_only_in_letter_case_are_equal()
    {
        var lower = EvmAddress.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        var checksummed = EvmAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

        Assert.Equal(lower, checksummed);
        Assert.True(lower == checksummed);
        Assert.Equal(lower.GetHashCode(), checksummed.GetHashCode());
        Assert.NotEqual(lower, EvmAddress.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92267"));
    }

    [Theory]
    [InlineData("", "40 hex digits")]
    [InlineData("f39fd6e51aad88f6f4ce6ab8827279cfffb92266", "40 hex digits")]
    [InlineData("0Xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "40 hex digits")]
    [InlineData("0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226", "40 hex digits")]
    [InlineData("0xf39fd6e51aad88f6f4ce6ab8827279cfffb922660", "40 hex digits")]
    [InlineData("0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266", "only hex digits")]
    [InlineData("0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226 ", "only hex digits")]
    [InlineData("0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266", "checksum")]
    public void Text_that_is_not_a_valid_address_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(EvmAddress.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => EvmAddress.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bytes_round_trip_and_default_is_the_zero_address()
    {
        var bytes = Enumerable.Range(1, 20).Select(i => (byte)(i * 11)).ToArray();

        var address = EvmAddress.FromBytes(bytes);

        Assert.Equal(bytes, address.ToByteArray());
        Assert.Equal("0x" + Convert.ToHexStringLower(bytes), address.ToLowerHex());
        Assert.True(default(EvmAddress).IsZero);
        Assert.Equal(EvmAddress.Parse("0x0000000000000000000000000000000000000000"), EvmAddress.Zero);
        Assert.False(address.IsZero);
        Assert.Throws<ArgumentException>(() => EvmAddress.FromBytes(bytes.AsSpan(0, 19)));
    }

    [Fact]
    public void Json_carries_an_address_as_its_checksum_string()
    {
        var address = EvmAddress.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

        var json = JsonSerializer.Serialize(new { payTo = address });

        Assert.Equal("""{"payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8"}""", json);
        Assert.Equal(address, JsonSerializer.Deserialize<EvmAddress>("\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EvmAddress>("\"0x1234\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EvmAddress>("42"));
    }
}
