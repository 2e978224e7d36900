using System.Numerics;
using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>x402 v2 and v1 on EVM, checked against the examples of coinbase/x402 specs/.</summary>
public sealed class X402_messages
{
    private static readonly EvmAddress SepoliaUsdc = EvmAddress.Parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e");
    private static readonly EvmAddress PayTo = EvmAddress.Parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C");

    [Fact]
    public void The_spec_payment_required_header_decodes()
    {
        var required = X402PaymentRequired.Parse(X402SpecExamples.PaymentRequired);

        Assert.Equal(2, required.X402Version);
        Assert.Equal("PAYMENT-SIGNATURE header is required", required.Error);
        Assert.Equal(new X402ResourceInfo("https://api.example.com/premium-data", "Access to premium market data", "application/json"), required.Resource);
        var entry = Assert.Single(required.Accepts);
        Assert.True(entry.TryGetExactEvm(null, out var chainId, out var asset, out var payTo));
        Assert.Equal((84532L, SepoliaUsdc, PayTo), (chainId, asset, payTo));
        Assert.Equal(new BigInteger(10_000), entry.Amount);
        Assert.Equal(60, entry.MaxTimeoutSeconds);
        Assert.Equal(("USDC", "2"), (entry.ExtraName, entry.ExtraVersion));
    }

    [Fact]
    public void The_spec_payment_signature_decodes_to_an_eip3009_authorization()
    {
        var payment = X402PaymentPayload.Parse(X402SpecExamples.PaymentSignature);
        var exact = X402ExactEvmPayload.Parse(payment.Payload);

        Assert.Equal(X402PaymentRequired.Parse(X402SpecExamples.PaymentRequired).Accepts[0], payment.Accepted);
        Assert.Equal(EvmAddress.Parse("0x857b06519E91e3A54538791bDbb0E22373e36b66"), exact.Authorization.From);
        Assert.Equal(PayTo, exact.Authorization.To);
        Assert.Equal(new BigInteger(10_000), exact.Authorization.Value);
        Assert.Equal(new BigInteger(1_740_672_154), exact.Authorization.ValidBefore);
        Assert.Equal(Bytes32.Parse("0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"), exact.Authorization.Nonce);
        Assert.Equal(132, exact.Signature.Length);
    }

    [Fact]
    public void The_spec_settlement_responses_decode()
    {
        var success = X402SettleResponse.Parse(X402SpecExamples.PaymentResponseSuccess);
        var failure = X402SettleResponse.Parse(X402SpecExamples.PaymentResponseFailure);

        Assert.True(success.Success);
        Assert.Equal("eip155:84532", success.Network);
        Assert.Equal("0x857b06519E91e3A54538791bDbb0E22373e36b66", success.Payer);
        Assert.False(failure.Success);
        Assert.Equal("insufficient_funds", failure.ErrorReason);
        Assert.Equal("", failure.Transaction);
    }

    [Fact]
    public void The_v1_body_and_headers_decode_with_network_names()
    {
        var required = X402PaymentRequired.ParseV1Body(Encoding.UTF8.GetBytes(X402SpecExamples.V1Body));
        var payment = X402V1PaymentPayload.Parse(X402SpecExamples.V1Payment);

        var entry = Assert.Single(required.Accepts);
        Assert.Equal(new BigInteger(10_000), entry.Amount);
        Assert.False(entry.TryGetExactEvm(null, out _, out _, out _));
        Assert.True(entry.TryGetExactEvm(EvmNetworkDirectory.CreateDefault(), out var chainId, out _, out _));
        Assert.Equal(84532, chainId);
        Assert.Equal(("exact", "base-sepolia"), (payment.Scheme, payment.Network));
        Assert.Equal(new BigInteger(10_000), X402ExactEvmPayload.Parse(payment.Payload).Authorization.Value);
        Assert.True(X402SettleResponse.Parse(X402SpecExamples.V1PaymentResponseSuccess).Success);
    }

    [Fact]
    public void A_payment_echoes_the_chosen_entry_resource_and_extensions_and_round_trips()
    {
        var required = X402PaymentRequired.Create(
            new X402ResourceInfo("https://api.example.com/search"),
            [X402PaymentRequirements.CreateExactEvm(84532, 5_000, SepoliaUsdc, PayTo, 60, "USDC", "2")]);
        var authorization = new X402Eip3009Authorization(PayTo, PayTo, 5_000, 0, 1_800_000_000, Bytes32.FromBytes(new byte[32]));
        var payment = X402PaymentPayload.Create(required, required.Accepts[0], new X402ExactEvmPayload("0x" + new string('a', 130), authorization));

        Assert.Equal(required, X402PaymentRequired.Parse(required.Format()));
        var parsed = X402PaymentPayload.Parse(payment.Format());
        Assert.Equal(payment, parsed);
        Assert.Equal(required.Accepts[0], parsed.Accepted);
        Assert.Equal(authorization, X402ExactEvmPayload.Parse(parsed.Payload).Authorization);
        var response = new X402SettleResponse(true, "0x" + new string('b', 64), "eip155:84532", PayTo.ToString());
        Assert.Equal(response, X402SettleResponse.Parse(response.Format()));
    }

    [Fact]
    public void An_offer_narrowed_to_its_chosen_entry_keeps_what_a_payment_echoes()
    {
        var required = X402PaymentRequired.Parse(X402SpecExamples.PaymentRequired);
        var other = X402PaymentRequirements.CreateExactEvm(8453, 7_000, SepoliaUsdc, PayTo, 30, "USDC", "2");
        var both = X402PaymentRequired.Create(required.Resource!, [other, required.Accepts[0]], required.Error);

        var narrowed = X402PaymentRequired.Parse(both.Narrow(required.Accepts[0]).Format());

        Assert.Equal(required.Accepts[0], Assert.Single(narrowed.Accepts));
        Assert.Equal((both.Resource, both.Error), (narrowed.Resource, narrowed.Error));
        Assert.Throws<ArgumentException>(() => required.Narrow(other));
        var v1 = X402PaymentRequired.ParseV1Body(Encoding.UTF8.GetBytes(
            """{"x402Version":1,"error":"","accepts":[{"scheme":"exact","network":"base-sepolia","maxAmountRequired":"1","resource":"https://x.test","description":"","mimeType":"","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e"}]}"""));
        Assert.Throws<ArgumentException>(() => v1.Narrow(v1.Accepts[0]));
    }

    [Fact]
    public void An_upto_entry_names_its_facilitator_and_its_permit2_payload_reads_both_integer_spellings()
    {
        var facilitator = EvmAddress.Parse("0x1111111111111111111111111111111111111111");
        var upto = X402PaymentRequirements.CreateUptoEvm(84532, 5_000, SepoliaUsdc, PayTo, 60, "USDC", "2", facilitator);
        var required = X402PaymentRequired.Create(new X402ResourceInfo("https://api.example.com/tokens"), [upto]);

        var entry = Assert.Single(X402PaymentRequired.Parse(required.Format()).Accepts);
        Assert.True(entry.TryGetUptoEvm(null, out var chainId, out var asset, out var payTo, out var named));
        Assert.Equal((84532L, SepoliaUsdc, PayTo, facilitator), (chainId, asset, payTo, named));
        Assert.False(entry.TryGetExactEvm(null, out _, out _, out _), "an upto entry is not an exact one");
        Assert.Equal("permit2", entry.ExtraAssetTransferMethod);

        const string hex = """
            {"signature":"0x1b","permit2Authorization":{"permitted":{"token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","amount":"5000"},
             "from":"0x857b06519E91e3A54538791bDbb0E22373e36b66","spender":"0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002",
             "nonce":"0xff","deadline":"1740672154","witness":{"to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","facilitator":"0x1111111111111111111111111111111111111111","validAfter":"0"}}}
            """;
        var payload = X402Permit2Payload.Parse(JsonElement.Parse(hex));
        Assert.Equal((new BigInteger(255), new BigInteger(5_000), facilitator), (payload.Nonce, payload.Amount, payload.Facilitator!.Value));
        Assert.Equal(payload, X402Permit2Payload.Parse(payload.ToJsonElement()));
        Assert.Equal("255", payload.ToJsonElement().GetProperty("permit2Authorization").GetProperty("nonce").GetString());
        Assert.DoesNotContain("0x1b", payload.ToString(), StringComparison.Ordinal);
        Assert.Throws<PaymentProtocolException>(() => X402Permit2Payload.Parse(JsonElement.Parse(hex.Replace("\"0xff\"", "\"0x\"", StringComparison.Ordinal))));
        Assert.Throws<PaymentProtocolException>(() => X402Permit2Payload.Parse(JsonElement.Parse(hex.Replace("\"0xff\"", "\"-1\"", StringComparison.Ordinal))));
    }

    [Fact]
    public void Headers_must_be_canonical_padded_base64_of_the_right_version()
    {
        var unpadded = X402SpecExamples.PaymentSignature.TrimEnd('=');
        var v1AsV2 = X402SpecExamples.V1Payment;

        Assert.Equal(PaymentProtocolErrorCode.InvalidEncoding, Assert.Throws<PaymentProtocolException>(() => X402PaymentPayload.Parse(unpadded)).Code);
        Assert.Equal(PaymentProtocolErrorCode.UnsupportedVersion, Assert.Throws<PaymentProtocolException>(() => X402PaymentPayload.Parse(v1AsV2)).Code);
        Assert.Equal(PaymentProtocolErrorCode.InvalidEncoding, Assert.Throws<PaymentProtocolException>(() => X402PaymentRequired.Parse(Base64Url.EncodeUtf8("{\"x402Version\":2}") + "?")).Code);
    }
}
