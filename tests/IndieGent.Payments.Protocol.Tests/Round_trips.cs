using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using CsCheck;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>format → parse is the identity for every message this core writes.</summary>
public sealed class Round_trips
{
    private const int Iterations = 3_000;

    /// <summary>Any text a header may carry as free text: no C0 controls but TAB, no DEL; non-ASCII included.</summary>
    private static readonly Gen<string> HeaderText = Gen.String[
        Gen.Frequency(
            (6, Gen.Char[' ', '~']),
            (1, Gen.Char['\u00a0', '\ud7ff']),
            (1, Gen.Const('\t')),
            (1, Gen.OneOf('"', '\\', ',', '=', '%', '\''))),
        0,
        40];

    /// <summary>What a quoted-string may carry: printable ASCII and TAB.</summary>
    private static readonly Gen<string> AsciiText = Gen.String[
        Gen.Frequency(
            (6, Gen.Char[' ', '~']),
            (1, Gen.Const('\t')),
            (1, Gen.OneOf('"', '\\', ',', '='))),
        0,
        40];

    private static readonly Gen<string> Token = Gen.String[Gen.OneOf("abcxyz0189-_.~!#$%&'*+^`|".ToCharArray()), 1, 12];

    private static readonly Gen<string> Method = Gen.Select(Gen.Char['a', 'z'], Gen.String[Gen.OneOf("abz09:_-".ToCharArray()), 0, 8], (c, s) => c + s);

    private static readonly Gen<string> Intent = Gen.String[Gen.OneOf("abzAZ09-".ToCharArray()), 1, 10];

    private static readonly Gen<DateTimeOffset> Instant = Gen.Long[0, 4_102_444_800L * TimeSpan.TicksPerSecond]
        .Select(ticks => new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero));

    private static readonly Gen<BigInteger> UInt256 = Gen.Byte.Array[0, 32].Select(bytes => new BigInteger(bytes, isUnsigned: true, isBigEndian: true));

    private static readonly Gen<EvmAddress> Address = Gen.Byte.Array[20].Select(bytes => EvmAddress.FromBytes(bytes));

    private static readonly Gen<byte[]> JsonObject = Gen.Dictionary(Gen.String[Gen.Char, 0, 8], Gen.OneOf<object>(
            Gen.String.Select(s => (object)s),
            Gen.Double.Where(d => double.IsFinite(d)).Select(d => (object)d),
            Gen.Bool.Select(b => (object)b),
            Gen.Int.Select(i => (object)i)))[0, 6]
        .Select(map => JsonSerializer.SerializeToUtf8Bytes(map))
        .Where(bytes => IsWellFormed(bytes));

    private static readonly Gen<PaymentChallenge> Challenge = Gen.Select(
        Gen.Select(AsciiText.Where(s => s.Length > 0), AsciiText, Method, Intent),
        JsonObject,
        Gen.Select(Instant.Nullable(), AsciiText.Null(), HeaderText.Null(), AsciiText.Null(), Token.Null()),
        (ids, request, optional) => PaymentChallenge.Create(ids.Item1, ids.Item2, ids.Item3, ids.Item4, request, optional.Item1, optional.Item2, optional.Item3, optional.Item4, optional.Item5));

    [Fact]
    public void Base64url_and_base64_round_trip_any_bytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
            Base64Url.Decode(Base64Url.Encode(bytes)).SequenceEqual(bytes)
            && StandardBase64.Decode(StandardBase64.Encode(bytes)).SequenceEqual(bytes)
            && Hex.Decode(Hex.Encode(bytes)).SequenceEqual(bytes), iter: Iterations);
    }

    [Fact]
    public void A_quoted_parameter_reads_back_as_the_value_written()
    {
        Gen.Select(Token, AsciiText).Sample((name, value) =>
        {
            var header = new StringBuilder("Payment ");
            AuthHeaderFormatter.AppendParameter(header, name, value);
            AuthHeaderFormatter.AppendParameter(header, "next", "x");
            var challenge = Assert.Single(AuthHeaderParser.Parse(header.ToString()));
            return challenge.Parameters.Count == 2 && challenge.Parameters[0] == new AuthParameter(name, value);
        }, iter: Iterations);
    }

    [Fact]
    public void A_text_parameter_reads_back_as_the_text_written_and_the_header_stays_ascii()
    {
        Gen.Select(Token, HeaderText).Sample((name, value) =>
        {
            var header = new StringBuilder();
            AuthHeaderFormatter.AppendTextParameter(header, name, value);
            AuthHeaderFormatter.AppendParameter(header, "next", "x");
            Assert.All(header.ToString(), c => Assert.True(c is '\t' or (>= ' ' and <= '~')));
            var parameter = Assert.Single(AuthHeaderParser.ParseParameterList(header.ToString()).Parameters, p => p.Name != "next");
            if (parameter.Name == name)
            {
                Assert.Equal(value, parameter.Value);
                return;
            }

            Assert.Equal(name + "*", parameter.Name);
            Assert.True(ExtValue.TryDecode(parameter.Value, out var text));
            Assert.Equal(value, text);
        }, iter: Iterations);
    }

    [Fact]
    public void Challenges_round_trip_alone_and_several_to_a_header()
    {
        Gen.Select(Challenge, Challenge).Sample((first, second) =>
        {
            Assert.Equal(first, PaymentChallenge.Parse(first.Format()));
            var set = PaymentChallenge.ParseAll([first.Format() + ", Bearer realm=\"x\", " + second.Format()]);
            Assert.Equal([first, second], set.Challenges);
            Assert.True(JsonElement.DeepEquals(first.RequestJson, PaymentChallenge.Parse(first.Format()).RequestJson));
        }, iter: Iterations);
    }

    [Fact]
    public void Credentials_round_trip()
    {
        Gen.Select(Challenge, JsonObject, HeaderText.Null()).Sample((challenge, payload, source) =>
        {
            using var document = JsonDocument.Parse(payload);
            var credential = new PaymentCredential(challenge, document.RootElement, source);
            Assert.Equal(credential, PaymentCredential.Parse(credential.Format()));
            Assert.Equal(credential, PaymentCredential.Decode(credential.Encode()));
        }, iter: Iterations);
    }

    [Fact]
    public void Receipts_round_trip()
    {
        Gen.Select(Method, HeaderText.Where(s => s.Length > 0), Instant, HeaderText.Null(), Gen.Long[1, EvmMethodDetails.MaxChainId].Nullable(), HeaderText.Null())
            .Sample((method, reference, at, challengeId, chainId, externalId) =>
            {
                var receipt = PaymentReceipt.Create(method, reference, at, challengeId, chainId, externalId);
                Assert.Equal(receipt, PaymentReceipt.Parse(receipt.Format()));
                Assert.Equal(at, receipt.TimestampAt);
            }, iter: Iterations);
    }

    [Fact]
    public void Evm_charge_requests_round_trip_through_a_challenge()
    {
        Gen.Select(UInt256, Address, Address, Gen.Long[1, EvmMethodDetails.MaxChainId], Gen.OneOf(EvmCredentialTypes.Authorization, EvmCredentialTypes.Hash, EvmCredentialTypes.Transaction).Array[1, 3].Null(), Gen.Int[0, 77].Nullable(), HeaderText.Null())
            .Sample((amount, currency, recipient, chainId, types, decimals, externalId) =>
            {
                var request = new EvmChargeRequest(amount, currency, recipient, new EvmMethodDetails(chainId, types, decimals), ExternalId: externalId);
                var challenge = PaymentChallenge.Create("id", "realm", "evm", "charge", request.ToJson());
                Assert.Equal(request, EvmChargeRequest.FromChallenge(PaymentChallenge.Parse(challenge.Format())));
            }, iter: Iterations);
    }

    [Fact]
    public void Dialect_messages_round_trip()
    {
        Gen.Select(Token, Token, UInt256, Address, Gen.Int[1, int.MaxValue].Nullable(), Gen.Byte.Array[32])
            .Sample((chain, currency, amount, address, maxAge, hash) =>
            {
                var challenge = new LegacyPaymentChallenge("exact", chain, currency, amount, address, maxAge);
                var credential = LegacyPaymentCredential.For(challenge, Bytes32.FromBytes(hash));
                var receipt = new LegacyPaymentReceipt("success", Bytes32.FromBytes(hash));
                Assert.Equal(challenge, LegacyPaymentChallenge.Parse(challenge.Format()));
                Assert.Equal(credential, LegacyPaymentCredential.Parse(credential.Format()));
                Assert.Equal(receipt, LegacyPaymentReceipt.Parse(receipt.Format()));
            }, iter: Iterations);
    }

    [Fact]
    public void X402_messages_round_trip()
    {
        Gen.Select(Gen.Long[1, long.MaxValue], UInt256, Address, Address, Gen.Long[0, 86_400], Gen.Byte.Array[32], HeaderText)
            .Sample((chainId, amount, asset, payTo, timeout, nonce, text) =>
            {
                var entry = X402PaymentRequirements.CreateExactEvm(chainId, amount, asset, payTo, timeout, text, "2");
                var required = X402PaymentRequired.Create(new X402ResourceInfo("https://example.com/" + chainId, text), [entry], text);
                var exact = new X402ExactEvmPayload("0x" + Convert.ToHexStringLower(nonce), new X402Eip3009Authorization(payTo, payTo, amount, 0, timeout, Bytes32.FromBytes(nonce)));
                var payment = X402PaymentPayload.Create(required, entry, exact);
                var response = new X402SettleResponse(true, Bytes32.FromBytes(nonce).ToString(), X402Networks.ToCaip2(chainId), payTo.ToString(), Amount: UInt256Text.Format(amount));
                var v1 = X402V1PaymentPayload.Create(entry, exact);
                Assert.Equal(required, X402PaymentRequired.Parse(required.Format()));
                Assert.Equal(payment, X402PaymentPayload.Parse(payment.Format()));
                Assert.Equal(exact, X402ExactEvmPayload.Parse(X402PaymentPayload.Parse(payment.Format()).Payload));
                Assert.Equal(response, X402SettleResponse.Parse(response.Format()));
                Assert.Equal(v1, X402V1PaymentPayload.Parse(v1.Format()));
            }, iter: Iterations);
    }

    [Fact]
    public void Scalars_round_trip()
    {
        Gen.Select(Instant, UInt256, Address, Gen.Long[1, long.MaxValue]).Sample((instant, number, address, chainId) =>
            Rfc3339.Parse(Rfc3339.Format(instant)) == instant
            && UInt256Text.Parse(UInt256Text.Format(number)) == number
            && EvmAddress.Parse(address.ToString()) == address
            && EvmAddress.HasValidChecksum(address.ToString())
            && EvmAddress.Parse(address.ToLowerHex()) == address
            && DidPkh.Parse(new DidPkh(chainId, address).ToString()) == new DidPkh(chainId, address)
            && X402Networks.TryGetEvmChainId(X402Networks.ToCaip2(chainId), null, out var parsed) && parsed == chainId, iter: Iterations);
    }

    [Fact]
    public void Accept_payment_round_trips()
    {
        Gen.Select(Gen.OneOf(Method, Gen.Const("*")), Gen.OneOf(Intent, Gen.Const("*")), Gen.Int[0, 1000]).Array[1, 6].Sample(ranges =>
        {
            var preferences = AcceptPayment.Create(ranges.Select(r => new PaymentRange(r.Item1, r.Item2, r.Item3)).ToArray());
            Assert.Equal(preferences.Ranges, AcceptPayment.Parse(preferences.ToString()).Ranges);
        }, iter: Iterations);
    }

    [Fact]
    public void Rfc3339_offsets_and_fractions_denote_the_same_instant()
    {
        Assert.Equal(Rfc3339.Parse("2026-01-29T12:05:00Z"), Rfc3339.Parse("2026-01-29t13:05:00.0000000000+01:00"));
        Assert.Equal("2026-01-29T12:05:00.5Z", Rfc3339.Format(Rfc3339.Parse("2026-01-29T07:05:00.5-05:00")));
        Assert.False(Rfc3339.TryParse("2026-02-29T00:00:00Z", out _));
        Assert.False(Rfc3339.TryParse("2026-01-29T23:59:60Z", out _));
        Assert.False(Rfc3339.TryParse("2026-01-29 12:05:00Z", out _));
        Assert.False(Rfc3339.TryParse("0001-01-01T00:00:00+01:00", out _));
        Assert.Equal(CultureInfo.InvariantCulture, CultureInfo.InvariantCulture);
    }

    private static bool IsWellFormed(byte[] json)
    {
        try
        {
            JsonCanonicalizer.Canonicalize(json);
            return true;
        }
        catch (PaymentProtocolException)
        {
            return false;
        }
    }
}
