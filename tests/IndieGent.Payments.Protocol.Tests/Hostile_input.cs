using System.Text;
using System.Text.Json;
using CsCheck;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mcp;
using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using static IndieGent.Payments.Protocol.Tests.Fuzz;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>
/// 100,000 generated hostile inputs per family, each fed to every parser of that family: only
/// <see cref="PaymentProtocolException"/> may escape (anything else fails the sample and CsCheck
/// shrinks it), Try-methods never throw, and whatever parses re-formats and re-parses to itself.
/// JSON reaches every decoder through each way it travels (base64url in a header parameter or a
/// credential, standard base64, a body, an element the caller parsed).
/// </summary>
public sealed class Hostile_input
{
    private static readonly PaymentOfferReader Reader = new(EvmNetworkDirectory.CreateDefault(), TimeProvider.System);

    [Fact]
    public void Header_parsers_throw_only_the_documented_exception()
    {
        Header.Sample(value =>
        {
            AuthHeaderParser.Parse(value);
            AuthHeaderParser.ParseParameterList(value);
            PaymentChallenge.ParseAll([value]);
            PaymentChallenge.TryParse(value, out _, out _);
            PaymentCredential.TryParse(value, out _, out _);
            Reader.Read([null, value], value, Encoding.UTF8.GetBytes(value));

            OnlyDocumentedErrors(() =>
            {
                var challenge = PaymentChallenge.Parse(value);
                Assert.NotEmpty(challenge.Id);
                Assert.Equal(JsonValueKind.Object, challenge.RequestJson.ValueKind);
                Assert.Equal(challenge, PaymentChallenge.Parse(challenge.Format()));
                Assert.Equal(challenge, PaymentCredential.Parse(new PaymentCredential(challenge, JsonDocument.Parse("{}").RootElement).Format()).Challenge);
            });
            OnlyDocumentedErrors(() =>
            {
                var credential = PaymentCredential.Parse(value);
                Assert.Equal(credential, PaymentCredential.Parse(credential.Format()));
            });
            OnlyDocumentedErrors(() => PaymentReceipt.Parse(value));
            OnlyDocumentedErrors(() =>
            {
                var legacy = LegacyPaymentChallenge.Parse(value);
                Assert.Equal(legacy, LegacyPaymentChallenge.Parse(legacy.Format()));
            });
            OnlyDocumentedErrors(() => LegacyPaymentCredential.Parse(value));
            OnlyDocumentedErrors(() => LegacyPaymentReceipt.Parse(value));
            OnlyDocumentedErrors(() => AcceptPayment.Parse(value));
            OnlyDocumentedErrors(() => X402PaymentRequired.Parse(value));
            OnlyDocumentedErrors(() => X402PaymentPayload.Parse(value));
            OnlyDocumentedErrors(() => X402SettleResponse.Parse(value));
        }, iter: Iterations);
    }

    [Fact]
    public void Json_decoders_throw_only_the_documented_exception()
    {
        Json.Sample(bytes =>
        {
            var url = Base64Url.Encode(bytes);
            var standard = StandardBase64.Encode(bytes);
            var mpp = $"Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"{url}\"";
            Reader.Read([mpp], standard, bytes);
            OnlyDocumentedErrors(() => PaymentChallenge.ParseAll([mpp]));
            PaymentChallenge.TryParse(mpp, out _, out _);
            PaymentCredential.TryParse("Payment " + url, out _, out _);

            OnlyDocumentedErrors(() =>
            {
                var credential = PaymentCredential.Decode(url);
                Assert.Equal(credential, PaymentCredential.Decode(credential.Encode()));
                OnlyDocumentedErrors(() => EvmChargePayload.FromCredential(credential));
            });
            OnlyDocumentedErrors(() => PaymentCredential.Parse("Payment " + url));
            OnlyDocumentedErrors(() =>
            {
                var challenge = PaymentChallenge.Parse(mpp);
                var request = EvmChargeRequest.FromChallenge(challenge);
                Assert.Equal(request, EvmChargeRequest.FromChallenge(PaymentChallenge.Parse(challenge.Format())));
            });
            OnlyDocumentedErrors(() => PaymentChallenge.Parse($"Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", opaque=\"{url}\"").DecodeOpaque());
            OnlyDocumentedErrors(() =>
            {
                var receipt = PaymentReceipt.Parse(url);
                Assert.Equal(receipt with { }, PaymentReceipt.Parse(receipt.Format()) with { });
            });
            OnlyDocumentedErrors(() =>
            {
                var canonical = JsonCanonicalizer.Canonicalize(bytes);
                Assert.Equal(canonical, JsonCanonicalizer.Canonicalize(canonical));
            });
            OnlyDocumentedErrors(() =>
            {
                var challenge = PaymentChallenge.Create("id", "realm", "evm", "charge", bytes);
                var request = EvmChargeRequest.FromChallenge(challenge);
                Assert.Equal(request, EvmChargeRequest.Parse(PaymentChallenge.Create("id", "realm", "evm", "charge", request.ToJson()).RequestJson));
            });
            OnlyDocumentedErrors(() =>
            {
                var required = X402PaymentRequired.Parse(standard);
                Assert.Equal(required, X402PaymentRequired.Parse(required.Format()));
                // The payment-identifier declaration read, and echoed with an id: what a payer does with it.
                if (X402PaymentIdentifier.IsDeclared(required.Extensions, out _))
                    Assert.Equal("pay_0123456789abcdef", X402PaymentIdentifier.Read(X402PaymentIdentifier.WithId(required.Extensions, "pay_0123456789abcdef")));
            });
            OnlyDocumentedErrors(() =>
            {
                var payment = X402PaymentPayload.Parse(standard);
                Assert.Equal(payment, X402PaymentPayload.Parse(payment.Format()));
                OnlyDocumentedErrors(() => X402ExactEvmPayload.Parse(payment.Payload));
                OnlyDocumentedErrors(() =>
                {
                    var permit = X402Permit2Payload.Parse(payment.Payload);
                    Assert.Equal(permit, X402Permit2Payload.Parse(permit.ToJsonElement()));
                });
                OnlyDocumentedErrors(() => Assert.True(X402PaymentIdentifier.Read(payment.Extensions) is null or { Length: >= 16 and <= 128 }));
            });
            OnlyDocumentedErrors(() => X402V1PaymentPayload.Parse(standard));
            OnlyDocumentedErrors(() => X402SettleResponse.Parse(standard));
            OnlyDocumentedErrors(() => X402PaymentRequired.ParseV1Body(bytes));

            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(bytes);
                element = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return;
            }

            OnlyDocumentedErrors(() => EvmChargeRequest.Parse(element));
            OnlyDocumentedErrors(() =>
            {
                var payload = EvmChargePayload.Parse(element);
                Assert.Equal(payload, EvmChargePayload.Parse(payload.ToJsonElement()));
            });
            OnlyDocumentedErrors(() => X402ExactEvmPayload.Parse(element));
            OnlyDocumentedErrors(() => JsonCanonicalizer.Canonicalize(element));
            OnlyDocumentedErrors(() =>
            {
                var credential = new PaymentCredential(PaymentChallenge.Create("id", "realm", "evm", "charge", "{}"u8), element);
                Assert.Equal(credential, PaymentCredential.Parse(credential.Format()));
            });
            // MPP over MCP: the credential object, and an error's challenges (read one by one, never thrown).
            OnlyDocumentedErrors(() =>
            {
                var credential = McpPayment.CredentialFromJson(element);
                Assert.Equal(credential, McpPayment.CredentialFromJson(McpPayment.ToJson(credential)));
            });
            foreach (var challenge in McpPayment.ChallengesFromData(element, out _))
                Assert.Equal(challenge, McpPayment.ChallengeFromJson(McpPayment.ToJson(challenge)));
        }, iter: Iterations);
    }

    [Fact]
    public void Scalar_decoders_throw_only_the_documented_exception_and_accept_one_spelling_only()
    {
        Gen.Frequency(
                (3, Gen.String[Gen.OneOf("ABCXYZabcxyz0189-_+/=".ToCharArray()), 0, 40]),
                (2, Mutated(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "2026-01-29T12:05:00.123+01:00", "115792089237316195423570985008687907853269984665640564039457584007913129639935", "did:pkh:eip155:8453:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eip155:84532", "SGVsbG8sIFdvcmxkIQ", "SGVsbG8sIFdvcmxkIQ=="], HeaderChar)),
                (1, Gen.String[HeaderChar, 0, 80]))
            .Sample(text =>
            {
                if (Base64Url.TryDecode(text, out var bytes))
                    Assert.Equal(text, Base64Url.Encode(bytes));
                if (StandardBase64.TryDecode(text, out bytes))
                    Assert.Equal(text, StandardBase64.Encode(bytes));
                if (Hex.TryDecode(text, out bytes))
                    Assert.Equal(text.ToLowerInvariant(), Hex.Encode(bytes));
                if (Rfc3339.TryParse(text, out var instant))
                    Assert.Equal(instant, Rfc3339.Parse(Rfc3339.Format(instant)));
                if (UInt256Text.TryParse(text, out var number))
                    Assert.Equal(text, UInt256Text.Format(number));
                if (EvmAddress.TryParse(text, out var address))
                    Assert.Equal(address, EvmAddress.Parse(address.ToString()));
                Bytes32.TryParse(text, out _);
                DidPkh.TryParse(text, out _);
                EvmAddress.HasValidChecksum(text);
                X402Networks.TryGetEvmChainId(text, EvmNetworkDirectory.CreateDefault(), out _);
                OnlyDocumentedErrors(() => Base64Url.DecodeUtf8(text));
                OnlyDocumentedErrors(() => Rfc3339.Parse(text));
                OnlyDocumentedErrors(() => DidPkh.Parse(text));
            }, iter: Iterations);
    }

    [Fact]
    public void Formatting_refuses_controls_everywhere_and_non_ascii_in_quoted_strings_and_what_it_writes_parses_back()
    {
        Gen.String[Fuzz.HeaderChar, 0, 60].Sample(text =>
        {
            var hasControl = text.Any(c => (c < 0x20 && c != '\t') || c == 0x7F);
            try
            {
                var quoted = AuthHeaderFormatter.Quote(text);
                Assert.False(hasControl);
                Assert.Equal(text, Assert.Single(AuthHeaderParser.ParseParameterList("p=" + quoted).Parameters).Value);
            }
            catch (PaymentProtocolException ex)
            {
                Assert.Equal(hasControl ? PaymentProtocolErrorCode.UnsafeHeaderValue : PaymentProtocolErrorCode.NonAsciiValue, ex.Code);
                Assert.True(hasControl || !Ascii.IsValid(text));
            }

            try
            {
                var header = new StringBuilder("Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\"");
                AuthHeaderFormatter.AppendTextParameter(header, "description", text);
                Assert.False(hasControl);
                Assert.All(header.ToString(), c => Assert.True(c is '\t' or (>= ' ' and <= '~')));
                Assert.Equal(text, PaymentChallenge.Parse(header.ToString()).Description);
            }
            catch (PaymentProtocolException ex)
            {
                Assert.Equal(PaymentProtocolErrorCode.UnsafeHeaderValue, ex.Code);
                Assert.True(hasControl || !Utf16Text.IsWellFormed(text));
            }
        }, iter: Iterations);
    }
}
