using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>RFC 9110 §11 auth-param behaviour beyond the conformance vectors.</summary>
public sealed class Auth_header_parsing
{
    private const string Request = "eyJhbW91bnQiOiIxMDAifQ";

    [Fact]
    public void Several_challenges_in_one_value_are_split_and_other_schemes_are_kept_apart()
    {
        var value = $"Bearer realm=\"x\", Payment id=\"a\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"{Request}\", Basic dGVzdA==, PAYMENT id=\"b\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"{Request}\"";

        var challenges = AuthHeaderParser.Parse(value);

        Assert.Equal(["Bearer", "Payment", "Basic", "PAYMENT"], challenges.Select(c => c.Scheme));
        Assert.Equal("dGVzdA==", challenges[2].Token68);
        var set = PaymentChallenge.ParseAll([value]);
        Assert.Equal(["a", "b"], set.Challenges.Select(c => c.Id));
        Assert.Empty(set.Errors);
    }

    [Fact]
    public void Several_header_values_keep_server_order_and_one_bad_challenge_does_not_hide_the_others()
    {
        var set = PaymentChallenge.ParseAll([
            $"Payment id=\"first\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"{Request}\"",
            "Payment id=\"\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\"",
            $"Payment id=\"third\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"{Request}\"",
        ]);

        Assert.Equal(["first", "third"], set.Challenges.Select(c => c.Id));
        var error = Assert.Single(set.Errors);
        Assert.Equal(PaymentProtocolErrorCode.EmptyParameter, error.Code);
    }

    [Theory]
    [InlineData("Payment id = \"x\" , realm=\"r\",method=evm,\tintent=\"charge\" ,request=\"e30\"")]
    [InlineData("Payment   request=\"e30\",intent=charge,method=\"evm\",realm=\"r\",id=x")]
    [InlineData(",, Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\",,")]
    public void Whitespace_order_tokens_and_empty_list_elements_are_tolerated(string value)
    {
        var challenge = PaymentChallenge.Parse(value);

        Assert.Equal(("x", "r", "evm", "charge"), (challenge.Id, challenge.Realm, challenge.Method, challenge.Intent));
    }

    [Theory]
    [InlineData("Payment id=\"x\", ID=\"y\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\"", PaymentProtocolErrorCode.DuplicateParameter)]
    [InlineData("Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", foo=1, foo=2", PaymentProtocolErrorCode.DuplicateParameter)]
    [InlineData("Payment id=\"x\", realm=\"r\", method=\"EVM\", intent=\"charge\", request=\"e30\"", PaymentProtocolErrorCode.InvalidParameter)]
    [InlineData("Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30=\"", PaymentProtocolErrorCode.InvalidEncoding)]
    [InlineData("Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"W10\"", PaymentProtocolErrorCode.InvalidJson)]
    [InlineData("Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", expires=\"tomorrow\"", PaymentProtocolErrorCode.InvalidParameter)]
    [InlineData("Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", expires=\"2026-01-01T00:00:00Z", PaymentProtocolErrorCode.InvalidParameter)]
    [InlineData("Payment id=\"x\", realm=\"r\x01\", method=\"evm\", intent=\"charge\", request=\"e30\"", PaymentProtocolErrorCode.InvalidParameter)]
    [InlineData("Payment eyJhIjoxfQ", PaymentProtocolErrorCode.MalformedHeader)]
    [InlineData("Bearer realm=\"Payment\"", PaymentProtocolErrorCode.SchemeNotFound)]
    public void Invalid_challenges_fail_with_a_stable_code(string value, PaymentProtocolErrorCode code)
    {
        var error = Assert.Throws<PaymentProtocolException>(() => PaymentChallenge.Parse(value));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void A_backslash_u_is_the_quoted_pair_for_u_as_in_rfc_9110()
    {
        var challenge = PaymentChallenge.Parse("Payment id=\"a\\\"b\\\\c\\d\", realm=\"caf\\u00e9\", method=\"evm\", intent=\"charge\", request=\"e30\"");

        Assert.Equal("a\"b\\cd", challenge.Id);
        Assert.Equal("cafu00e9", challenge.Realm);
    }

    [Fact]
    public void Non_ascii_description_travels_as_an_rfc_8187_ext_value_and_parses_back()
    {
        var challenge = PaymentChallenge.Create("id", "api.example.com", "evm", "charge", "{}"u8, description: "Café — \"best\" \\ ☕ 😀");

        var header = challenge.Format();

        Assert.EndsWith(", description*=UTF-8''Caf%C3%A9%20%E2%80%94%20%22best%22%20%5C%20%E2%98%95%20%F0%9F%98%80", header);
        Assert.All(header, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(challenge, PaymentChallenge.Parse(header));
    }

    [Fact]
    public void Ascii_description_stays_the_quoted_string_every_peer_reads()
    {
        var challenge = PaymentChallenge.Create("id", "api.example.com", "evm", "charge", "{}"u8, description: "Premium \"data\"\t\\ 1/call");

        Assert.EndsWith(", description=\"Premium \\\"data\\\"\t\\\\ 1/call\"", challenge.Format());
    }

    [Fact]
    public void The_ext_value_is_preferred_to_a_plain_fallback_and_its_language_is_ignored()
    {
        var challenge = PaymentChallenge.Parse($"Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", description=\"Cafe\", description*=\"utf-8'fr-CA'Caf%c3%a9\"");

        Assert.Equal("Café", challenge.Description);
    }

    [Theory]
    [InlineData("UTF-8''%0D%0ASet-Cookie:%20x")]
    [InlineData("UTF-8''%7F")]
    [InlineData("UTF-8''%C3")]
    [InlineData("UTF-8''%ED%A0%80")]
    [InlineData("UTF-8''%C0%AF")]
    [InlineData("UTF-8''%zz")]
    [InlineData("UTF-8''%4")]
    [InlineData("UTF-8''caf\u00e9")]
    [InlineData("ISO-8859-1''caf%E9")]
    [InlineData("UTF-8'caf%C3%A9")]
    [InlineData("UTF-8'e n'x")]
    public void An_ext_value_that_is_not_utf8_text_without_controls_is_refused(string extValue)
    {
        var error = Assert.Throws<PaymentProtocolException>(() => PaymentChallenge.Parse($"Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", description*=\"{extValue}\""));

        Assert.Equal((PaymentProtocolErrorCode.InvalidParameter, "description*"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("realm")]
    [InlineData("id")]
    [InlineData("digest")]
    [InlineData("opaque")]
    [InlineData("header")]
    public void Non_ascii_is_refused_where_the_draft_says_ascii_or_the_value_is_echoed_verbatim(string parameter)
    {
        var fields = new Dictionary<string, string> { ["id"] = "x", ["realm"] = "r", ["method"] = "evm", ["intent"] = "charge", ["request"] = "e30" };
        fields[parameter] = "caf\u00e9";

        var created = Assert.Throws<PaymentProtocolException>(() => PaymentChallenge.Create(fields["id"], fields["realm"], "evm", "charge", "{}"u8, digest: fields.GetValueOrDefault("digest"), opaque: fields.GetValueOrDefault("opaque"), credentialHeader: fields.GetValueOrDefault("header")));
        var parsed = Assert.Throws<PaymentProtocolException>(() => PaymentChallenge.Parse("Payment " + string.Join(", ", fields.Select(f => $"{f.Key}=\"{f.Value}\""))));
        var echoed = Assert.Throws<PaymentProtocolException>(() => PaymentCredential.Decode(Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new { challenge = fields, payload = new { } }))));

        Assert.All([created, parsed, echoed], error => Assert.Equal((PaymentProtocolErrorCode.NonAsciiValue, parameter), (error.Code, error.Field)));
    }

    [Fact]
    public void A_quoted_string_refuses_non_ascii_and_a_text_parameter_refuses_a_lone_surrogate()
    {
        var quoted = Assert.Throws<PaymentProtocolException>(() => AuthHeaderFormatter.AppendParameter(new StringBuilder(), "chain", "bäse"));
        var text = Assert.Throws<PaymentProtocolException>(() => AuthHeaderFormatter.AppendTextParameter(new StringBuilder(), "description", "a\ud800"));

        Assert.Equal((PaymentProtocolErrorCode.NonAsciiValue, "chain"), (quoted.Code, quoted.Field));
        Assert.Equal((PaymentProtocolErrorCode.UnsafeHeaderValue, "description"), (text.Code, text.Field));
    }

    [Theory]
    [InlineData("a\r\nSet-Cookie: x=1")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0")]
    [InlineData("del\u007f")]
    public void Formatting_refuses_header_injection(string description)
    {
        var challenge = PaymentChallenge.Create("id", "realm", "evm", "charge", "{}"u8, description: description);

        var error = Assert.Throws<PaymentProtocolException>(challenge.Format);
        Assert.Equal(PaymentProtocolErrorCode.UnsafeHeaderValue, error.Code);
    }

    [Fact]
    public void An_escaped_control_character_is_as_malformed_as_a_raw_one()
    {
        var error = Assert.Throws<PaymentProtocolException>(() => PaymentChallenge.Parse("Payment id=\"x\\\r\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\""));

        Assert.Equal(PaymentProtocolErrorCode.InvalidParameter, error.Code);
    }

    [Fact]
    public void A_challenge_of_eight_kilobytes_and_more_parses()
    {
        var description = new string('d', 12_000);
        var challenge = PaymentChallenge.Create("id", "realm", "evm", "charge", Encoding.UTF8.GetBytes($"{{\"pad\":\"{new string('p', 9_000)}\"}}"), description: description);

        var header = challenge.Format();

        Assert.True(header.Length > 16 * 1024);
        Assert.Equal(challenge, PaymentChallenge.Parse(header));
    }

    [Fact]
    public void Values_beyond_the_documented_limit_are_refused_with_too_large()
    {
        var error = Assert.Throws<PaymentProtocolException>(() => AuthHeaderParser.Parse(new string('a', AuthHeaderParser.MaxHeaderLength + 1)));

        Assert.Equal(PaymentProtocolErrorCode.TooLarge, error.Code);
    }

    [Fact]
    public void An_unterminated_quote_spoils_only_its_own_parameter()
    {
        var challenge = Assert.Single(AuthHeaderParser.Parse("Payment id=\"x\", realm=\"r\", ext=\"never closed, Bearer abc"));

        Assert.True(challenge.TryGetParameter("id", out _));
        Assert.True(challenge.TryGetParameter("realm", out _));
        Assert.True(challenge.IsMalformed("ext"));
    }

    [Fact]
    public void A_bare_parameter_list_parses_without_a_scheme()
    {
        var list = AuthHeaderParser.ParseParameterList("status=\"success\", txHash=\"0xab\"");

        Assert.Equal("", list.Scheme);
        Assert.Equal(2, list.Parameters.Count);
    }
}
