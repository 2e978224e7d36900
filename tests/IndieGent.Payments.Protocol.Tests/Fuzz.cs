using System.Text;
using CsCheck;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>Generators of hostile input: random text, mutations of valid messages, long quotes and escape runs.</summary>
internal static class Fuzz
{
    public const int Iterations = 100_000;

    private const string HeaderSpecials = "\"\\,=; \t/+-_.~!#'*%&|^`$<>?@(){}[]:\r\n\0\u007f\u0080\u00e9\u2014\u2028\ud800\udc00\uffff";
    private const string JsonSpecials = "{}[]\",:\\ 0123456789.eE+-truefalsn/u\ud83d\ude00\u0000\u001f\u00ff";

    public static readonly Gen<char> HeaderChar = Gen.Frequency(
        (4, Gen.Char['a', 'z']),
        (1, Gen.Char['A', 'Z']),
        (2, Gen.Char['0', '9']),
        (5, Gen.OneOf(HeaderSpecials.ToCharArray())),
        (1, Gen.Char));

    public static readonly Gen<char> JsonChar = Gen.Frequency(
        (3, Gen.Char['a', 'z']),
        (6, Gen.OneOf(JsonSpecials.ToCharArray())),
        (1, Gen.Char));

    public static readonly string[] ValidHeaders = BuildValidHeaders();

    public static readonly string[] ValidJson = BuildValidJson();

    /// <summary>Header-shaped hostile strings.</summary>
    public static readonly Gen<string> Header = Gen.Frequency(
        (5, Mutated(ValidHeaders, HeaderChar)),
        (2, Gen.String[HeaderChar, 0, 300]),
        (1, LongRuns()),
        (1, Gen.Byte.Array[0, 200].Select(bytes => Encoding.Latin1.GetString(bytes))));

    /// <summary>JSON-shaped hostile documents (UTF-8, sometimes ill-formed).</summary>
    public static readonly Gen<byte[]> Json = Gen.Frequency(
        (6, Mutated(ValidJson, JsonChar).Select(s => Encoding.UTF8.GetBytes(s))),
        (1, Gen.String[JsonChar, 0, 200].Select(s => Encoding.UTF8.GetBytes(s))),
        (1, Gen.Byte.Array[0, 200]),
        (1, Gen.Int[1, 300].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))));

    /// <summary>Runs an action and lets only the documented exception through silently.</summary>
    public static void OnlyDocumentedErrors(Action action)
    {
        try
        {
            action();
        }
        catch (PaymentProtocolException)
        {
        }
    }

    public static Gen<string> Mutated(string[] seeds, Gen<char> chars) =>
        Gen.Select(
            Gen.Int[0, seeds.Length - 1],
            Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], chars, Gen.Int[1, 64]).Array[1, 5],
            (index, operations) =>
            {
                var text = new StringBuilder(seeds[index]);
                foreach (var (kind, at, c, length) in operations)
                {
                    var position = text.Length == 0 ? 0 : at % (text.Length + 1);
                    switch (kind)
                    {
                        case 0:
                            text.Insert(position, c);
                            break;
                        case 1 when position < text.Length:
                            text.Remove(position, 1);
                            break;
                        case 2 when position < text.Length:
                            text[position] = c;
                            break;
                        case 3 when position < text.Length:
                            text.Insert(position, text.ToString(position, Math.Min(length, text.Length - position)));
                            break;
                        case 4:
                            text.Length = position;
                            break;
                        case 5:
                            text.Insert(position, new string(c, length * 4));
                            break;
                    }
                }

                return text.ToString();
            });

    private static Gen<string> LongRuns() =>
        Gen.Select(
            Gen.OneOf("Payment id=\"", "Payment fuzz=\"", "Payment ", "Payment id=\"x\", realm=\"", "", "status=\""),
            Gen.OneOf("\\", "\\\"", "\"", "a=\"", ",", " ", "\\u00", "a=b, ", "Payment ", "\"a\""),
            Gen.Int[1, 700],
            Gen.OneOf("", "\"", "\\", "\", realm=\"r\"", ", Bearer x"),
            (prefix, unit, count, suffix) => prefix + string.Concat(Enumerable.Repeat(unit, count)) + suffix);

    private static string[] BuildValidHeaders()
    {
        var request = new EvmChargeRequest(
            1_000_000,
            EvmAddress.Parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e"),
            EvmAddress.Parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C"),
            new EvmMethodDetails(84532, [EvmCredentialTypes.Authorization, EvmCredentialTypes.Hash], 6)).ToJson();
        var challenge = PaymentChallenge.Create("ch_1", "api.example.com", "evm", "charge", request, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "sha-256=:abc=:", "Pay \"premium\" C:\\api", "eyJhIjoiYiJ9");
        var payload = new EvmHashPayload(Bytes32.FromBytes(new byte[32])).ToJsonElement();
        var credential = new PaymentCredential(challenge, payload, "did:pkh:eip155:84532:0x209693Bc6afc0C5328bA36FaF03C514EF312287C");
        var legacy = "Payment type=\"exact\", chain=\"base\", currency=\"USDC\", amount=\"10000\", address=\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\", maxAge=300";
        var headers = new List<string>
        {
            challenge.Format(),
            challenge.Format() + ", Bearer realm=\"x\", " + challenge.Format().Replace("ch_1", "ch_2", StringComparison.Ordinal),
            credential.Format(),
            PaymentReceipt.Create("evm", "0xabc", DateTimeOffset.UnixEpoch, "ch_1", 84532).Format(),
            legacy,
            new LegacyPaymentCredential(Bytes32.FromBytes(new byte[32]), "base", "USDC").Format(),
            "status=\"success\", txHash=\"0x0000000000000000000000000000000000000000000000000000000000000000\"",
            "evm/charge, x402/exact;q=0.5, */*;q=0",
        };
        foreach (var file in new[] { "www-authenticate", "authorization", "receipt" })
        {
            foreach (var scenario in Conformance.Vectors.File(file).GetProperty("scenarios").EnumerateArray())
            {
                if (scenario.TryGetProperty("wire", out var wire) && wire.ValueKind == System.Text.Json.JsonValueKind.String)
                    headers.Add(wire.GetString()!);
            }
        }

        return headers.ToArray();
    }

    private static string[] BuildValidJson()
    {
        static string Decode64Url(string token) => Encoding.UTF8.GetString(Codecs.Base64Url.Decode(token));
        static string Decode64(string token) => Encoding.UTF8.GetString(Codecs.StandardBase64.Decode(token));
        var headers = BuildValidHeaders();
        return
        [
            Decode64Url(headers[2]["Payment ".Length..]),
            Decode64Url(headers[3]),
            Decode64(X402SpecExamples.PaymentRequired),
            Decode64(X402SpecExamples.PaymentSignature),
            Decode64(X402SpecExamples.PaymentResponseSuccess),
            Decode64(X402SpecExamples.V1Payment),
            X402SpecExamples.V1Body,
            """{"amount":"1050000","currency":"0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392","recipient":"0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00","methodDetails":{"chainId":1329,"credentialTypes":["permit2"],"splits":[{"recipient":"0x8Ba1f109551bD432803012645Ac136ddd64DBA72","amount":"50000","memo":"fee"}]}}""",
            """{"type":"authorization","from":"0x1234567890abcdef1234567890abcdef12345678","to":"0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00","value":"1000000","validAfter":"0","validBefore":"1743523500","nonce":"0x8a3b00000000000000000000000000000000000000000000000000000000f1c2","signature":"0x1b2c"}""",
            """{"numbers":[333333333.33333329,1E30,4.50,2e-3,1e-27],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}""",
        ];
    }
}
