using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>
/// Generators of hostile input: random text, mutations of valid messages, long quotes and escape
/// runs, and valid messages whose JSON member names and strings (or auth-param names) are re-spelled.
/// </summary>
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

    /// <summary>
    /// What a re-spelled JSON string may hold besides its own characters: escaped lone and reversed
    /// surrogates, a valid escaped pair, escaped controls (all valid JSON), and escapes JSON forbids.
    /// </summary>
    private static readonly string[] JsonInsertions =
    [
        "\\ud800", "\\udc00", "\\ud800\\u0041", "\\udbff\\udbff", "\\udc00\\ud800", "\\ud83d\\ude00", "\\u0000", "\\u001f", "\\u007f",
        "\\x", "\\u12", "\\uzzzz", "\\U0061", "\\'", "\\\u00e9", "\\",
    ];

    /// <summary>RFC 8187 ext-values a re-spelled header may carry: valid, with encoded controls, ill-formed UTF-8, other charsets, bad escapes.</summary>
    private static readonly string[] ExtValues =
    [
        "UTF-8''Caf%C3%A9%20%E2%98%95", "utf-8'en'%F0%9F%98%80", "UTF-8''", "UTF-8''%0D%0ASet-Cookie:%20x", "UTF-8''%09tab", "UTF-8''%7F",
        "UTF-8''%ED%A0%80", "UTF-8''%C3", "UTF-8''%C0%AF", "UTF-8''%zz", "UTF-8''%4", "ISO-8859-1''%E9", "UTF-8'%41", "''", "UTF-8''a b", "\"UTF-8''%C3%A9\"",
    ];

    private static readonly JsonElement[] ValidJsonElements = ValidJson.Select(json => JsonElement.Parse(json)).ToArray();

    /// <summary>Header-shaped hostile strings.</summary>
    public static readonly Gen<string> Header = Gen.Frequency(
        (5, Mutated(ValidHeaders, HeaderChar)),
        (3, Gen.Select(Gen.Int[0, ValidHeaders.Length - 1], Gen.Int[0, 99].Array[1, 12], (seed, decisions) => RespellParameterNames(ValidHeaders[seed], decisions))),
        (2, Gen.String[HeaderChar, 0, 300]),
        (1, LongRuns()),
        (1, Gen.Byte.Array[0, 200].Select(bytes => Encoding.Latin1.GetString(bytes))));

    /// <summary>JSON-shaped hostile documents (UTF-8, sometimes ill-formed).</summary>
    public static readonly Gen<byte[]> Json = Gen.Frequency(
        (6, Mutated(ValidJson, JsonChar).Select(s => Encoding.UTF8.GetBytes(s))),
        (4, Gen.Select(Gen.Int[0, ValidJson.Length - 1], Gen.Int[0, 99].Array[1, 48], (seed, decisions) => Encoding.UTF8.GetBytes(new JsonRespeller(decisions).Write(ValidJsonElements[seed])))),
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

    /// <summary>
    /// Re-spells auth-param names of a valid header, one decision at a time: another case (a duplicate
    /// to a case-insensitive reader), a second copy, an RFC 8187 star, backslash and percent escapes,
    /// a non-ASCII look-alike, a very long name, or an added <c>description*</c> ext-value.
    /// </summary>
    private static string RespellParameterNames(string header, int[] decisions)
    {
        var text = new StringBuilder(header);
        for (var i = 0; i + 1 < decisions.Length; i += 2)
        {
            var names = ParameterNames(text.ToString());
            if (names.Count == 0)
                break;
            var (start, length) = names[decisions[i] % names.Count];
            var name = text.ToString(start, length);
            var at = decisions[i + 1] % length;
            var replacement = (decisions[i] / names.Count % 9) switch
            {
                0 => name.ToUpperInvariant(),
                1 => name + "=\"x\", " + name,
                2 => name.ToUpperInvariant() + "=\"x\", " + name,
                3 => name + "*",
                4 => name[..at] + "\\u00" + ((int)name[at]).ToString("x2", CultureInfo.InvariantCulture) + name[(at + 1)..],
                5 => name[..at] + "%" + ((int)name[at]).ToString("X2", CultureInfo.InvariantCulture) + name[(at + 1)..],
                6 => name[..at] + "\u0430\u0131\u017f"[at % 3] + name[(at + 1)..],
                7 => string.Concat(Enumerable.Repeat(name, Math.Max(1, 4096 / length))),
                _ => "description*=" + ExtValues[decisions[i + 1] % ExtValues.Length] + ", " + name,
            };
            text.Remove(start, length).Insert(start, replacement);
        }

        return text.ToString();
    }

    /// <summary>Where auth-param names are in a header: token runs outside quoted-strings followed by <c>=</c>.</summary>
    private static List<(int Start, int Length)> ParameterNames(string header)
    {
        var names = new List<(int, int)>();
        var i = 0;
        while (i < header.Length)
        {
            if (header[i] == '"')
            {
                for (i++; i < header.Length && header[i] != '"'; i++)
                {
                    if (header[i] == '\\')
                        i++;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < header.Length && Http.AuthHeaderParser.IsTchar(header[i]))
                i++;
            if (i == start)
            {
                i++;
                continue;
            }

            var end = i;
            while (end < header.Length && header[end] is ' ' or '\t')
                end++;
            if (end < header.Length && header[end] == '=')
                names.Add((start, i - start));
        }

        return names;
    }

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
            """{"header":"Payment-Authorization","nonce":"n-1","order":"ord_42"}""",
            """{"type":"permit2","permit":{"permitted":[{"token":"0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392","amount":"990"},{"token":"0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392","amount":"10"}],"nonce":"1","deadline":"1743523500"},"transferDetails":[{"to":"0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00","requestedAmount":"990"},{"to":"0x1234567890abcdef1234567890abcdef12345678","requestedAmount":"10"}],"witness":{"challengeHash":"0x8a3b00000000000000000000000000000000000000000000000000000000f1c2"},"signature":"0x1b2c"}""",
            """{"x402Version":2,"accepted":{"scheme":"upto","network":"eip155:84532","amount":"5000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2","facilitatorAddress":"0x1111111111111111111111111111111111111111","assetTransferMethod":"permit2"}},"payload":{"signature":"0x1b","permit2Authorization":{"permitted":{"token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","amount":"5000"},"from":"0x857b06519E91e3A54538791bDbb0E22373e36b66","spender":"0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002","nonce":"0xff","deadline":"1740672154","witness":{"to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","facilitator":"0x1111111111111111111111111111111111111111","validAfter":"0"}}}}""",
            // MPP over MCP: an error's data with a challenge object, and a credential object.
            """{"httpStatus":402,"challenges":[{"id":"k9HPzEb2Rp4iQewK5zv2u6MBplPrMEkYW1VBP0-IvY4","realm":"r.test","method":"evm","intent":"charge","request":{"amount":"25000","currency":"0x20f626DF5EB32adcafF65bcbfa9C884B29694Ae3","methodDetails":{"chainId":31337,"credentialTypes":["authorization"],"decimals":6},"recipient":"0xB0Ce4A62e1A868E8449b7db2B23D0306da00bEa7"},"description":"d","expires":"2026-12-05T06:42:10.340Z"}]}""",
            """{"challenge":{"id":"k9H","realm":"r.test","method":"evm","intent":"charge","request":{"amount":"25000"},"expires":"2026-12-05T06:42:10.340Z","opaque":"eyJuIjoiYWJjIn0"},"payload":{"type":"hash","hash":"0x01"},"source":"did:pkh:eip155:1:0x209693Bc6afc0C5328bA36FaF03C514EF312287C"}""",
            // x402 with the payment-identifier extension, declared (PAYMENT-REQUIRED) and echoed with an id (PAYMENT-SIGNATURE).
            """{"x402Version":2,"resource":{"url":"https://api.example.com/x"},"accepts":[{"scheme":"exact","network":"eip155:8453","amount":"1","asset":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60}],"extensions":{"payment-identifier":{"info":{"required":true},"schema":{"type":"object"}}}}""",
            """{"x402Version":2,"accepted":{"scheme":"exact","network":"eip155:8453","amount":"1","asset":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60},"payload":{},"extensions":{"payment-identifier":{"info":{"required":false,"id":"pay_7d5d747be160e280504c099d984bcfe0"}}}}""",
        ];
    }

    /// <summary>
    /// Writes a valid JSON value back with each member name and string re-spelled as the next
    /// decision says: plain, one or every character as <c>\uXXXX</c>, an insertion from
    /// <see cref="JsonInsertions"/>, a trailing backslash, very long, or empty; and some members
    /// given twice under spellings that differ only by their escapes.
    /// </summary>
    private sealed class JsonRespeller(int[] decisions)
    {
        private readonly StringBuilder _text = new();
        private int _next;

        public string Write(JsonElement element)
        {
            WriteValue(element);
            return _text.ToString();
        }

        private int Next() => decisions[_next++ % decisions.Length];

        private void WriteValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    _text.Append('{');
                    var separator = "";
                    foreach (var member in element.EnumerateObject())
                    {
                        for (var copies = Next() < 8 ? 2 : 1; copies > 0; copies--)
                        {
                            _text.Append(separator);
                            separator = ",";
                            Spell(member.Name);
                            _text.Append(':');
                            WriteValue(member.Value);
                        }
                    }

                    _text.Append('}');
                    break;
                case JsonValueKind.Array:
                    _text.Append('[');
                    var first = true;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!first)
                            _text.Append(',');
                        first = false;
                        WriteValue(item);
                    }

                    _text.Append(']');
                    break;
                case JsonValueKind.String:
                    Spell(element.GetString()!);
                    break;
                default:
                    _text.Append(element.GetRawText());
                    break;
            }
        }

        private void Spell(string value)
        {
            var decision = Next();
            var at = Next() % (value.Length + 1);
            _text.Append('"');
            switch (decision)
            {
                case < 40:
                    Plain(value);
                    break;
                case < 50 when at < value.Length:
                    Plain(value[..at]);
                    Escaped(value[at], upper: decision % 2 == 0);
                    Plain(value[(at + 1)..]);
                    break;
                case < 56:
                    foreach (var c in value)
                        Escaped(c, upper: decision % 2 == 0);
                    break;
                case < 76:
                    Plain(value[..at]);
                    _text.Append(JsonInsertions[decision % JsonInsertions.Length]);
                    Plain(value[at..]);
                    break;
                case < 80:
                    Plain(value);
                    _text.Append('\\');
                    break;
                case < 86:
                    for (var i = 0; i < 300; i++)
                        Escaped('a', upper: false);
                    Plain(string.Concat(Enumerable.Repeat(value, 1024 / (value.Length + 1) + 1)));
                    break;
                case < 90:
                    break;
                default:
                    Plain(value);
                    break;
            }

            _text.Append('"');
        }

        private void Plain(string value)
        {
            foreach (var c in value)
            {
                if (c is '"' or '\\' || c < ' ')
                    Escaped(c, upper: false);
                else
                    _text.Append(c);
            }
        }

        private void Escaped(char c, bool upper) =>
            _text.Append("\\u").Append(((int)c).ToString(upper ? "X4" : "x4", CultureInfo.InvariantCulture));
    }
}
