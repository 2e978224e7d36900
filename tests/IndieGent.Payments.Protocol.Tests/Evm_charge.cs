using System.Numerics;
using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>The evm method's charge request, payloads, addresses and binding (draft-evm-charge-00).</summary>
public sealed class Evm_charge
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly EvmAddress Usdc = EvmAddress.Parse("0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392");
    private static readonly EvmAddress Merchant = EvmAddress.Parse("0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00");
    private static readonly EvmAddress Payer = EvmAddress.Parse("0x1234567890abcdef1234567890abcdef12345678");

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    public void Addresses_print_in_eip55_form_and_compare_by_value(string eip55)
    {
        var fromLower = EvmAddress.Parse(eip55.ToLowerInvariant());
        var fromUpper = EvmAddress.Parse("0x" + eip55[2..].ToUpperInvariant());

        Assert.Equal(eip55, fromLower.ToString());
        Assert.Equal(fromLower, fromUpper);
        Assert.True(EvmAddress.HasValidChecksum(eip55));
    }

    [Fact]
    public void A_mixed_case_address_with_a_wrong_checksum_is_detected_but_still_compares_by_value()
    {
        const string wrong = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

        Assert.False(EvmAddress.HasValidChecksum(wrong));
        Assert.Equal(EvmAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), EvmAddress.Parse(wrong));
    }

    [Fact]
    public void The_specs_split_example_parses_and_reencodes_canonically()
    {
        const string json = """
            {
              "amount": "1050000",
              "currency": "0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392",
              "recipient": "0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00",
              "description": "Marketplace purchase",
              "methodDetails": {
                "chainId": 1329,
                "credentialTypes": ["permit2"],
                "splits": [
                  { "recipient": "0x8Ba1f109551bD432803012645Ac136ddd64DBA72", "amount": "50000", "memo": "platform fee" }
                ]
              }
            }
            """;

        var request = EvmChargeRequest.Parse(Json(json));

        Assert.Equal(new BigInteger(1_050_000), request.Amount);
        Assert.Equal(Usdc, request.Currency);
        Assert.Equal(1329, request.MethodDetails.ChainId);
        Assert.True(request.MethodDetails.HasSplits);
        Assert.Equal(new BigInteger(50_000), request.MethodDetails.Splits![0].Amount);
        Assert.Equal(EvmMethodDetails.CanonicalPermit2, request.MethodDetails.EffectivePermit2Address);
        Assert.Equal(request, EvmChargeRequest.Parse(Json(Encoding.UTF8.GetString(request.ToJson()))));
        Assert.Equal(JsonCanonicalizer.Canonicalize(request.ToJson()), request.ToJson());
    }

    [Fact]
    public void Without_credential_types_the_server_accepts_transaction_and_hash()
    {
        var request = Charge(credentialTypes: null);

        Assert.Equal([EvmCredentialTypes.Transaction, EvmCredentialTypes.Hash], request.MethodDetails.EffectiveCredentialTypes);
    }

    [Theory]
    [InlineData("\"amount\":\"-1\"")]
    [InlineData("\"amount\":\"01\"")]
    [InlineData("\"amount\":\"1.5\"")]
    [InlineData("\"amount\":\" 1\"")]
    [InlineData("\"amount\":1000")]
    [InlineData("\"amount\":\"115792089237316195423570985008687907853269984665640564039457584007913129639936\"")]
    [InlineData("\"currency\":\"0x1234\"")]
    [InlineData("\"currency\":\"e15fc38f6d8c56af07bbcbe3baf5708a2bf42392\"")]
    [InlineData("\"recipient\":\"0xg42d35Cc6634C0532925a3b844Bc9e7595f8fE00\"")]
    [InlineData("\"methodDetails\":{}")]
    [InlineData("\"methodDetails\":{\"chainId\":\"8453\"}")]
    [InlineData("\"methodDetails\":{\"chainId\":8453.5}")]
    [InlineData("\"methodDetails\":{\"chainId\":0}")]
    [InlineData("\"methodDetails\":{\"chainId\":9007199254740992}")]
    [InlineData("\"methodDetails\":{\"chainId\":8453,\"decimals\":78}")]
    [InlineData("\"methodDetails\":{\"chainId\":8453,\"credentialTypes\":[]}")]
    [InlineData("\"methodDetails\":{\"chainId\":8453,\"splits\":[]}")]
    [InlineData("\"methodDetails\":{\"chainId\":8453,\"splits\":[{\"recipient\":\"0x8Ba1f109551bD432803012645Ac136ddd64DBA72\",\"amount\":\"1000\"}]}")]
    public void Invalid_requests_are_refused(string replacement)
    {
        var name = replacement[1..replacement.IndexOf('"', 1)];
        var members = new Dictionary<string, string>
        {
            ["amount"] = "\"amount\":\"1000\"",
            ["currency"] = "\"currency\":\"0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392\"",
            ["recipient"] = "\"recipient\":\"0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00\"",
            ["methodDetails"] = "\"methodDetails\":{\"chainId\":8453}",
        };
        members[name] = replacement;

        Assert.Throws<PaymentProtocolException>(() => EvmChargeRequest.Parse(Json("{" + string.Join(",", members.Values) + "}")));
    }

    [Fact]
    public void The_largest_uint256_amount_is_accepted()
    {
        var request = EvmChargeRequest.Parse(Json($"{{\"amount\":\"{UInt256Text.MaxValue}\",\"currency\":\"{Usdc}\",\"recipient\":\"{Merchant}\",\"methodDetails\":{{\"chainId\":1}}}}"));

        Assert.Equal(UInt256Text.MaxValue, request.Amount);
    }

    [Fact]
    public void A_request_is_read_only_from_an_evm_charge_challenge()
    {
        var challenge = PaymentChallenge.Create("id", "realm", "tempo", "charge", Charge().ToJson());

        Assert.Throws<PaymentProtocolException>(() => EvmChargeRequest.FromChallenge(challenge));
    }

    [Fact]
    public void The_challenge_hash_is_keccak256_of_id_then_realm()
    {
        var hash = EvmChallengeHash.Compute("aB3cDeF4gHiJkLmN", "api.example.com");

        Assert.Equal(Bytes32.FromBytes(Keccak256.Hash("aB3cDeF4gHiJkLmNapi.example.com"u8)), hash);
        Assert.NotEqual(hash, EvmChallengeHash.Compute("other", "api.example.com"));
        Assert.NotEqual(hash, EvmChallengeHash.Compute("aB3cDeF4gHiJkLmN", "other.example.com"));
    }

    [Fact]
    public void Payload_types_parse_and_serialize_back()
    {
        EvmChargePayload[] payloads =
        [
            Authorization(Challenge()),
            new EvmTransactionPayload("0x02f86b0182"),
            new EvmHashPayload(Bytes32.Parse("0x1a2b3c4d5e6f7890abcdef1234567890abcdef1234567890abcdef1234567890")),
        ];

        foreach (var payload in payloads)
            Assert.Equal(payload, EvmChargePayload.Parse(payload.ToJsonElement()));
    }

    [Theory]
    [InlineData("{\"type\":\"hash\",\"hash\":\"0x1234\"}")]
    [InlineData("{\"type\":\"transaction\",\"signature\":\"0x\"}")]
    [InlineData("{\"type\":\"transaction\",\"signature\":\"02f8\"}")]
    [InlineData("{\"type\":\"wire\",\"hash\":\"0x00\"}")]
    [InlineData("{\"hash\":\"0x1a2b3c4d5e6f7890abcdef1234567890abcdef1234567890abcdef1234567890\"}")]
    [InlineData("{\"type\":\"authorization\",\"from\":\"0x1234567890abcdef1234567890abcdef12345678\",\"to\":\"0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00\",\"value\":\"1000000\",\"validAfter\":\"0\",\"validBefore\":\"1743523500\",\"nonce\":\"0x8a3b...f1c2\",\"signature\":\"0x00\"}")]
    public void Malformed_payloads_are_refused(string json)
    {
        Assert.Throws<PaymentProtocolException>(() => EvmChargePayload.Parse(Json(json)));
    }

    [Fact]
    public void A_faithful_authorization_passes_the_static_checks()
    {
        var challenge = Challenge();

        Assert.Equal(EvmPayloadVerdict.Valid, EvmChargeVerifier.Check(challenge, EvmChargeRequest.FromChallenge(challenge), Authorization(challenge), new ManualTimeProvider(Now)));
    }

    [Fact]
    public void An_authorization_for_another_challenge_fails_on_the_nonce()
    {
        var challenge = Challenge();
        var other = PaymentChallenge.Create("another-id", challenge.Realm, "evm", "charge", Charge().ToJson(), Now.AddMinutes(5));

        Assert.Equal(EvmPayloadVerdict.ChallengeHashMismatch, EvmChargeVerifier.Check(challenge, EvmChargeRequest.FromChallenge(challenge), Authorization(other), new ManualTimeProvider(Now)));
    }

    [Fact]
    public void Authorizations_that_pay_someone_else_less_or_outside_their_window_fail()
    {
        var challenge = Challenge();
        var request = EvmChargeRequest.FromChallenge(challenge);
        var good = Authorization(challenge);
        var clock = new ManualTimeProvider(Now);

        Assert.Equal(EvmPayloadVerdict.RecipientMismatch, EvmChargeVerifier.Check(challenge, request, good with { To = Payer }, clock));
        Assert.Equal(EvmPayloadVerdict.AmountMismatch, EvmChargeVerifier.Check(challenge, request, good with { Value = request.Amount - 1 }, clock));
        Assert.Equal(EvmPayloadVerdict.NotYetValid, EvmChargeVerifier.Check(challenge, request, good with { ValidAfter = Now.ToUnixTimeSeconds() + 60 }, clock));
        Assert.Equal(EvmPayloadVerdict.AuthorizationExpired, EvmChargeVerifier.Check(challenge, request, good with { ValidBefore = Now.ToUnixTimeSeconds() }, clock));
    }

    [Fact]
    public void Credential_types_not_offered_and_splits_without_permit2_fail()
    {
        var hashOnly = PaymentChallenge.Create("id", "realm", "evm", "charge", Charge([EvmCredentialTypes.Hash]).ToJson(), Now.AddMinutes(5));
        var split = new EvmChargeRequest(1000, Usdc, Merchant, new EvmMethodDetails(8453, [EvmCredentialTypes.Permit2, EvmCredentialTypes.Hash], Splits: [new EvmSplit(Payer, 10)]));
        var splitChallenge = PaymentChallenge.Create("id", "realm", "evm", "charge", split.ToJson(), Now.AddMinutes(5));
        var hash = new EvmHashPayload(Bytes32.FromBytes(new byte[32]));
        var clock = new ManualTimeProvider(Now);

        Assert.Equal(EvmPayloadVerdict.CredentialTypeNotOffered, EvmChargeVerifier.Check(hashOnly, EvmChargeRequest.FromChallenge(hashOnly), Authorization(hashOnly), clock));
        Assert.Equal(EvmPayloadVerdict.Valid, EvmChargeVerifier.Check(hashOnly, EvmChargeRequest.FromChallenge(hashOnly), hash, clock));
        Assert.Equal(EvmPayloadVerdict.SplitsRequirePermit2, EvmChargeVerifier.Check(splitChallenge, split, hash, clock));
    }

    [Fact]
    public void A_permit2_payload_in_the_drafts_shape_round_trips()
    {
        const string json = """
            {"type":"permit2","permit":{"permitted":[{"token":"0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392","amount":"990"},{"token":"0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392","amount":"10"}],"nonce":"1","deadline":"1743523500"},
             "transferDetails":[{"to":"0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00","requestedAmount":"990"},{"to":"0x1234567890abcdef1234567890abcdef12345678","requestedAmount":"10"}],
             "witness":{"challengeHash":"0x8a3b00000000000000000000000000000000000000000000000000000000f1c2"},"signature":"0x1b2c"}
            """;

        var payload = Assert.IsType<EvmPermit2Payload>(EvmChargePayload.Parse(JsonElement.Parse(json)));

        Assert.True(payload.IsBatch);
        Assert.Equal([new EvmPermit2Transfer(Merchant, 990), new EvmPermit2Transfer(Payer, 10)], payload.TransferDetails);
        Assert.Equal((BigInteger.One, new BigInteger(1743523500)), (payload.Nonce, payload.Deadline));
        Assert.Equal(payload, EvmChargePayload.Parse(payload.ToJsonElement()));
        Assert.DoesNotContain("0x1b2c", payload.ToString(), StringComparison.Ordinal);
        Assert.Throws<PaymentProtocolException>(() => EvmChargePayload.Parse(JsonElement.Parse(json.Replace("""{"to":"0x1234567890abcdef1234567890abcdef12345678","requestedAmount":"10"}""", "", StringComparison.Ordinal).Replace("},]", "}]", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_permit2_payload_must_pay_the_primary_recipient_the_remainder_and_each_split_exactly_for_this_challenge()
    {
        var split = new EvmChargeRequest(1000, Usdc, Merchant, new EvmMethodDetails(8453, [EvmCredentialTypes.Permit2], Splits: [new EvmSplit(Payer, 10)]));
        var challenge = PaymentChallenge.Create("id", "realm", "evm", "charge", split.ToJson(), Now.AddMinutes(5));
        var clock = new ManualTimeProvider(Now);
        var transfers = EvmPermit2Payload.TransfersFor(split);
        var good = new EvmPermit2Payload([new(Usdc, 990), new(Usdc, 10)], 7, Now.ToUnixTimeSeconds() + 60, transfers, EvmChallengeHash.Compute(challenge), "0x00");

        Assert.Equal([new EvmPermit2Transfer(Merchant, 990), new EvmPermit2Transfer(Payer, 10)], transfers);
        Assert.Equal(EvmPayloadVerdict.Valid, EvmChargeVerifier.Check(challenge, split, good, clock));
        Assert.Equal(EvmPayloadVerdict.TransfersMismatch, EvmChargeVerifier.Check(challenge, split, good with { TransferDetails = [new(Merchant, 1000)], Permitted = [new(Usdc, 1000)] }, clock));
        Assert.Equal(EvmPayloadVerdict.TransfersMismatch, EvmChargeVerifier.Check(challenge, split, good with { TransferDetails = [new(Merchant, 989), new(Payer, 10)] }, clock));
        Assert.Equal(EvmPayloadVerdict.TransfersMismatch, EvmChargeVerifier.Check(challenge, split, good with { TransferDetails = [new(Payer, 10), new(Merchant, 990)] }, clock));
        Assert.Equal(EvmPayloadVerdict.PermissionMismatch, EvmChargeVerifier.Check(challenge, split, good with { Permitted = [new(Payer, 990), new(Usdc, 10)] }, clock));
        Assert.Equal(EvmPayloadVerdict.PermissionMismatch, EvmChargeVerifier.Check(challenge, split, good with { Permitted = [new(Usdc, 989), new(Usdc, 10)] }, clock));
        Assert.Equal(EvmPayloadVerdict.ChallengeHashMismatch, EvmChargeVerifier.Check(challenge, split, good with { ChallengeHash = Bytes32.FromBytes(new byte[32]) }, clock));
        Assert.Equal(EvmPayloadVerdict.AuthorizationExpired, EvmChargeVerifier.Check(challenge, split, good with { Deadline = Now.ToUnixTimeSeconds() - 1 }, clock));
        Assert.Equal(new EvmAddress?(Payer), EvmChargeRequest.Parse(JsonElement.Parse(new EvmChargeRequest(1, Usdc, Merchant,
            new EvmMethodDetails(1, Spender: Payer)).ToJson())).MethodDetails.Spender);
    }

    [Fact]
    public void The_did_pkh_source_round_trips()
    {
        var did = new DidPkh(8453, Payer);

        Assert.Equal("did:pkh:eip155:8453:0x1234567890AbcdEF1234567890aBcdef12345678", did.ToString());
        Assert.Equal(did, DidPkh.Parse(did.ToString()));
        Assert.False(DidPkh.TryParse("did:pkh:eip155:08453:0x1234567890abcdef1234567890abcdef12345678", out _));
        Assert.False(DidPkh.TryParse("did:key:z6Mk", out _));
    }

    [Fact]
    public void A_credential_carries_a_typed_payload_and_source_end_to_end()
    {
        var challenge = Challenge();
        var credential = new PaymentCredential(challenge, Authorization(challenge).ToJsonElement(), new DidPkh(8453, Payer).ToString());

        var parsed = PaymentCredential.Parse(credential.Format());

        Assert.Equal(Authorization(challenge), EvmChargePayload.FromCredential(parsed));
        Assert.Equal(new DidPkh(8453, Payer), DidPkh.Parse(parsed.Source!));
    }

    private static EvmChargeRequest Charge(IReadOnlyList<string>? credentialTypes = null) =>
        new(1_000_000, Usdc, Merchant, new EvmMethodDetails(8453, credentialTypes, 6));

    private static PaymentChallenge Challenge() =>
        PaymentChallenge.Create("kM9xPqWvT2nJrHsY4aDfEb", "api.example.com", "evm", "charge", Charge([EvmCredentialTypes.Authorization]).ToJson(), Now.AddMinutes(5));

    private static EvmAuthorizationPayload Authorization(PaymentChallenge challenge) =>
        new(Payer, Merchant, 1_000_000, 0, Now.ToUnixTimeSeconds() + 300, EvmChallengeHash.Compute(challenge), "0x" + new string('1', 130));

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
