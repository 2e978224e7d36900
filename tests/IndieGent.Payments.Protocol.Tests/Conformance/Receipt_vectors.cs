using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests.Conformance;

/// <summary>mpp-tools <c>receipt.json</c>: the Payment-Receipt field.</summary>
public sealed class Receipt_vectors
{
    private const string File = "receipt";

    public static TheoryData<string> Scenarios => Vectors.ScenarioNames(File);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_scenario_behaves_as_the_vector_says(string name)
    {
        var scenario = Vectors.Scenario(File, name);
        var wire = Vectors.Wire(scenario);
        var ran = false;

        switch (Vectors.Expectation(scenario, "parse"))
        {
            case true:
                AssertMatches(scenario.GetProperty("object"), PaymentReceipt.Parse(wire));
                ran = true;
                break;
            case false:
                Assert.Throws<PaymentProtocolException>(() => PaymentReceipt.Parse(wire));
                ran = true;
                break;
        }

        if (Vectors.Expectation(scenario, "format") == true)
        {
            // Our receipts are JCS, and the vector's wire happens to be too: compare bytes, not just meaning.
            Assert.Equal(wire, FromObject(scenario.GetProperty("object")).Format());
            ran = true;
        }

        if (Vectors.Expectation(scenario, "roundtrip") == true)
        {
            var original = FromObject(scenario.GetProperty("object"));
            Assert.Equal(original, PaymentReceipt.Parse(original.Format()));
        }

        Assert.True(ran, "The scenario declares no test this harness understands.");
    }

    private static PaymentReceipt FromObject(JsonElement obj) =>
        PaymentReceipt.Create(
            obj.GetProperty("method").GetString()!,
            obj.GetProperty("reference").GetString()!,
            Rfc3339.Parse(obj.GetProperty("timestamp").GetString()!));

    private static void AssertMatches(JsonElement expected, PaymentReceipt actual)
    {
        Assert.Equal(expected.GetProperty("status").GetString(), actual.Status);
        Assert.Equal(expected.GetProperty("method").GetString(), actual.Method);
        Assert.Equal(expected.GetProperty("reference").GetString(), actual.Reference);
        Assert.Equal(expected.GetProperty("timestamp").GetString(), actual.Timestamp);
    }
}
