using CsCheck;
using System.Globalization;
using System.Text;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>RFC 8785 examples: §3.2.2 sample, §3.2.3 sorting, Appendix B number table.</summary>
public sealed class Jcs_rfc8785
{
    [Fact]
    public void The_rfc_sample_canonicalizes_to_the_published_text()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

        Assert.Equal(expected, Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input))));
    }

    [Fact]
    public void Members_are_sorted_by_utf16_code_units()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        var expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";

        Assert.Equal(expected, Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input))));
    }

    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_follow_the_appendix_b_table(string ieee754, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieee754, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));
    }

    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    [InlineData("fff0000000000000")]
    public void NaN_and_infinities_are_refused(string ieee754)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieee754, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        var error = Assert.Throws<PaymentProtocolException>(() => JsonCanonicalizer.FormatNumber(value));
        Assert.Equal(PaymentProtocolErrorCode.NotCanonicalizable, error.Code);
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", PaymentProtocolErrorCode.InvalidJson)]
    [InlineData("{\"a\":\"\\ud800\"}", PaymentProtocolErrorCode.InvalidJson)]
    [InlineData("[1e400]", PaymentProtocolErrorCode.NotCanonicalizable)]
    [InlineData("{\"a\":1,}", PaymentProtocolErrorCode.InvalidJson)]
    [InlineData("{\"a\":1} x", PaymentProtocolErrorCode.InvalidJson)]
    public void Input_that_is_not_i_json_is_refused(string json, PaymentProtocolErrorCode code)
    {
        var error = Assert.Throws<PaymentProtocolException>(() => JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Html_sensitive_characters_and_non_ascii_are_written_literally()
    {
        var canonical = JsonCanonicalizer.Canonicalize("{\"d\":\"<a> & 'b' caf\\u00e9 \\u2028\"}"u8);

        Assert.Equal("{\"d\":\"<a> & 'b' café \u2028\"}", Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Random_doubles_format_to_text_that_reads_back_as_the_same_double()
    {
        Gen.Double.Where(d => double.IsFinite(d)).Sample(d =>
        {
            var text = JsonCanonicalizer.FormatNumber(d);
            return double.Parse(text, CultureInfo.InvariantCulture) == d
                && Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes("[" + text + "]"))) == "[" + text + "]";
        }, iter: 20_000);
    }
}
