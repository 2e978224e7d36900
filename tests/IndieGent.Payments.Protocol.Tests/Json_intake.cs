using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>
/// What every JSON decoder refuses, whichever way the JSON arrives. System.Text.Json unescapes lazily
/// (member names in its duplicate check and lookups, strings when read or written) and throws
/// <see cref="InvalidOperationException"/> when an escape is no UTF-16 text, and
/// <see cref="JsonElement.DeepEquals"/> throws <see cref="ArgumentOutOfRangeException"/> on an
/// exponent beyond 32 bits: all must be <see cref="PaymentProtocolException"/>s at intake. A name
/// spelled with escapes is its plain name.
/// </summary>
public sealed class Json_intake
{
    public static TheoryData<string> UnreadableNames =>
    [
        """{"\ud800":1}""",
        """{"\udc00":1}""",
        """{"a\ud800\u0041":1}""",
        """{"amount":"1","\ud800xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx":1}""",
    ];

    [Theory]
    [MemberData(nameof(UnreadableNames))]
    public void A_member_name_escaping_a_lone_surrogate_is_invalid_json_for_every_decoder(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var url = Base64Url.Encode(bytes);
        var standard = StandardBase64.Encode(bytes);
        var mpp = $"Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"{url}\"";

        AssertInvalidJson(() => PaymentChallenge.Parse(mpp));
        AssertInvalidJson(() => PaymentChallenge.Parse($"Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", opaque=\"{url}\"").DecodeOpaque());
        AssertInvalidJson(() => PaymentChallenge.Create("x", "r", "evm", "charge", bytes));
        AssertInvalidJson(() => PaymentCredential.Decode(url));
        AssertInvalidJson(() => PaymentCredential.Parse("Payment " + url));
        AssertInvalidJson(() => PaymentReceipt.Parse(url));
        AssertInvalidJson(() => X402PaymentRequired.Parse(standard));
        AssertInvalidJson(() => X402PaymentRequired.ParseV1Body(bytes));
        AssertInvalidJson(() => X402PaymentPayload.Parse(standard));
        AssertInvalidJson(() => X402V1PaymentPayload.Parse(standard));
        AssertInvalidJson(() => X402SettleResponse.Parse(standard));
        AssertInvalidJson(() => JsonCanonicalizer.Canonicalize(bytes));
        var offers = new PaymentOfferReader(EvmNetworkDirectory.CreateDefault(), TimeProvider.System).Read([mpp], standard, bytes);
        Assert.Equal(3, offers.Errors.Count(e => e.Code == PaymentProtocolErrorCode.InvalidJson));
    }

    [Theory]
    [InlineData("{\"type\":\"hash\",\"amount\":\"1\",\"\\ud800xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\":1}")]
    [InlineData("{\"type\":\"hash\",\"amount\":\"1\",\"\\u0061mount\":\"2\"}")]
    [InlineData("{\"type\":\"hash\",\"\\u0074ype\":\"permit2\"}")]
    public void An_element_the_caller_parsed_is_held_to_the_same_intake_rules_as_bytes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;

        AssertInvalidJson(() => EvmChargeRequest.Parse(element));
        AssertInvalidJson(() => EvmChargePayload.Parse(element));
        AssertInvalidJson(() => X402ExactEvmPayload.Parse(element));
        AssertInvalidJson(() => new PaymentCredential(PaymentChallenge.Create("x", "r", "evm", "charge", "{}"u8), element));
    }

    [Fact]
    public void A_string_escaping_a_lone_surrogate_is_invalid_json_so_whatever_parses_also_formats()
    {
        const string payload = """{"signature":"0x1b","memo":"\udbff"}""";
        using var document = JsonDocument.Parse(payload);
        var json = Encoding.UTF8.GetBytes($$$"""{"x402Version":2,"accepted":{},"payload":{{{payload}}},"challenge":{"id":"x","realm":"r","method":"evm","intent":"charge","request":"e30"}}""");

        AssertInvalidJson(() => PaymentCredential.Decode(Base64Url.Encode(json)));
        AssertInvalidJson(() => X402PaymentPayload.Parse(StandardBase64.Encode(json)));
        AssertInvalidJson(() => new PaymentCredential(PaymentChallenge.Create("x", "r", "evm", "charge", "{}"u8), document.RootElement));
    }

    [Fact]
    public void A_name_spelled_with_escapes_is_the_plain_name()
    {
        var challenge = PaymentChallenge.Create("x", "r", "evm", "charge", """{"\u0061mount":"7","c\u0075rrency":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","recipient":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","methodDetails":{"\u0063\u0068\u0061\u0069\u006E\u0049\u0064":84532}}"""u8);

        var request = EvmChargeRequest.FromChallenge(challenge);

        Assert.Equal((7, 84532), ((int)request.Amount, request.MethodDetails.ChainId));
    }

    [Theory]
    [InlineData("1e99999999999")]
    [InlineData("-1E-2147483649")]
    [InlineData("0.5e+2147483648")]
    public void A_number_with_an_exponent_no_double_needs_is_too_large_so_equality_never_throws(string number)
    {
        var json = Encoding.UTF8.GetBytes($$$"""{"x402Version":2,"accepted":{},"payload":{"n":{{{number}}}},"challenge":{"id":"x","realm":"r","method":"evm","intent":"charge","request":"e30"}}""");

        AssertCode(PaymentProtocolErrorCode.TooLarge, () => PaymentCredential.Decode(Base64Url.Encode(json)));
        AssertCode(PaymentProtocolErrorCode.TooLarge, () => X402PaymentPayload.Parse(StandardBase64.Encode(json)));
        AssertCode(PaymentProtocolErrorCode.TooLarge, () => X402V1PaymentPayload.Parse(StandardBase64.Encode(json)));
    }

    [Fact]
    public void Four_exponent_digits_are_accepted_and_compare()
    {
        var token = Base64Url.Encode("""{"payload":{"n":[1e9999,1E-0009999]},"challenge":{"id":"x","realm":"r","method":"evm","intent":"charge","request":"e30"}}"""u8);

        Assert.Equal(PaymentCredential.Decode(token), PaymentCredential.Decode(token));
    }

    private static void AssertInvalidJson(Action parse) => AssertCode(PaymentProtocolErrorCode.InvalidJson, parse);

    private static void AssertCode(PaymentProtocolErrorCode code, Action parse)
    {
        var error = Assert.Throws<PaymentProtocolException>(parse);
        Assert.Equal(code, error.Code);
    }
}
