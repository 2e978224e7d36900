using System.Text.Json;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mcp;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>The JSON-RPC (MCP) forms of challenges, credentials and receipts: objects, the request a JSON object, the same id binding.</summary>
public sealed class Mpp_over_mcp
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChallengeIdBinder Binder = ChallengeIdBinder.FromSecret("mcp-transport-secret-of-at-least-thirty-two-bytes");

    private static PaymentChallenge Challenge() => Binder.Issue("mcp.example.com", "evm", "charge",
        new EvmChargeRequest(2_500, EvmAddress.Parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e"), EvmAddress.Parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C"),
            new EvmMethodDetails(84532, [EvmCredentialTypes.Authorization])).ToJson(), Now.AddMinutes(5), description: "a forecast",
        opaque: PaymentChallenge.EncodeOpaque([new("n", "abc")]));

    [Fact]
    public void A_challenge_object_carries_its_request_as_json_and_keeps_its_id_binding()
    {
        var challenge = Challenge();

        var json = McpPayment.ToJson(challenge);
        var back = McpPayment.ChallengeFromJson(json);

        Assert.Equal(JsonValueKind.Object, json.GetProperty("request").ValueKind);
        Assert.Equal("2500", json.GetProperty("request").GetProperty("amount").GetString());
        Assert.Equal(challenge, back);
        Assert.True(Binder.Verify(back));
        // The request re-spelled (other member order, other spacing) binds the same: the id covers its JCS form.
        var respelled = JsonDocument.Parse(json.GetRawText().Replace("\"amount\":\"2500\",", "", StringComparison.Ordinal)
            .Replace("\"request\":{", "\"request\":{ \"amount\" : \"2500\" ,", StringComparison.Ordinal)).RootElement;
        Assert.True(Binder.Verify(McpPayment.ChallengeFromJson(respelled)));
    }

    [Fact]
    public void Credentials_receipts_and_error_data_round_trip_and_bad_challenges_are_reported_not_thrown()
    {
        var challenge = Challenge();
        var credential = new PaymentCredential(challenge, JsonDocument.Parse("""{"type":"hash","hash":"0x0000000000000000000000000000000000000000000000000000000000000001"}""").RootElement,
            "did:pkh:eip155:84532:0x209693Bc6afc0C5328bA36FaF03C514EF312287C");
        var receipt = PaymentReceipt.Create("evm", "0x" + new string('a', 64), Now, challenge.Id, 84532);

        Assert.Equal(credential, McpPayment.CredentialFromJson(McpPayment.ToJson(credential)));
        Assert.Equal(JsonValueKind.Object, McpPayment.ToJson(credential).GetProperty("challenge").GetProperty("request").ValueKind);
        Assert.Equal(receipt, McpPayment.ReceiptFromJson(McpPayment.ToJson(receipt)));
        var data = McpPayment.PaymentRequiredData([challenge]);
        Assert.Equal(402, data.GetProperty("httpStatus").GetInt32());
        Assert.Equal(challenge, Assert.Single(McpPayment.ChallengesFromData(data, out var none)));
        Assert.Empty(none);

        var mixed = JsonDocument.Parse($$"""{"challenges":[{"id":"x"},{{McpPayment.ToJson(challenge).GetRawText()}},{"id":"y","realm":"r","method":"evm","intent":"charge","request":"e30"}]}""").RootElement;
        Assert.Equal(challenge, Assert.Single(McpPayment.ChallengesFromData(mixed, out var errors)));
        Assert.Equal(2, errors.Count);
        Assert.Empty(McpPayment.ChallengesFromData(JsonDocument.Parse("[]").RootElement, out var notAnObject));
        Assert.Single(notAnObject);
        Assert.Throws<PaymentProtocolException>(() => McpPayment.CredentialFromJson(JsonDocument.Parse("""{"challenge":{},"payload":{}}""").RootElement));
    }
}
