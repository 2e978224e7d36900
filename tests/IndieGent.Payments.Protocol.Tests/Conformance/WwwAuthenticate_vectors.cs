using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests.Conformance;

/// <summary>mpp-tools <c>www-authenticate.json</c>: parse, format and round trip of challenges.</summary>
public sealed class WwwAuthenticate_vectors
{
    private const string File = "www-authenticate";

    public static TheoryData<string> Scenarios => Vectors.ScenarioNames(File);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_scenario_behaves_as_the_vector_says(string name)
    {
        var scenario = Vectors.Scenario(File, name);
        var ran = false;

        switch (Vectors.Expectation(scenario, "parse"))
        {
            case true:
                AssertMatches(scenario.GetProperty("object"), PaymentChallenge.Parse(Vectors.Wire(scenario)));
                ran = true;
                break;
            case false:
                Assert.Throws<PaymentProtocolException>(() => PaymentChallenge.Parse(Vectors.Wire(scenario)));
                ran = true;
                break;
        }

        switch (Vectors.Expectation(scenario, "format"))
        {
            case true:
                Assert.Equal(Vectors.Wire(scenario), FromObject(scenario.GetProperty("object")).Format());
                ran = true;
                break;
            case false:
                var error = Assert.Throws<PaymentProtocolException>(() => FromObject(scenario.GetProperty("object")).Format());
                Assert.Equal(PaymentProtocolErrorCode.UnsafeHeaderValue, error.Code);
                ran = true;
                break;
        }

        if (Vectors.Expectation(scenario, "roundtrip") == true)
        {
            var original = FromObject(scenario.GetProperty("object"));
            var parsed = PaymentChallenge.Parse(original.Format());
            Assert.Equal(original, parsed);
            AssertMatches(scenario.GetProperty("object"), parsed);
        }

        Assert.True(ran, "The scenario declares no test this harness understands.");
    }

    internal static PaymentChallenge FromObject(JsonElement obj) =>
        PaymentChallenge.Create(
            obj.GetProperty("id").GetString()!,
            obj.GetProperty("realm").GetString()!,
            obj.GetProperty("method").GetString()!,
            obj.GetProperty("intent").GetString()!,
            Vectors.Json(obj.GetProperty("request")),
            Vectors.OptionalString(obj, "expires") is { } expires ? Rfc3339.Parse(expires) : null,
            Vectors.OptionalString(obj, "digest"),
            Vectors.OptionalString(obj, "description"),
            Vectors.OptionalString(obj, "opaque"));

    private static void AssertMatches(JsonElement expected, PaymentChallenge actual)
    {
        Assert.Equal(expected.GetProperty("id").GetString(), actual.Id);
        Assert.Equal(expected.GetProperty("realm").GetString(), actual.Realm);
        Assert.Equal(expected.GetProperty("method").GetString(), actual.Method);
        Assert.Equal(expected.GetProperty("intent").GetString(), actual.Intent);
        Assert.True(JsonElement.DeepEquals(expected.GetProperty("request"), actual.RequestJson), "request differs");
        Assert.Equal(Vectors.OptionalString(expected, "description"), actual.Description);
        Assert.Equal(Vectors.OptionalString(expected, "digest"), actual.Digest);
        Assert.Equal(Vectors.OptionalString(expected, "expires"), actual.Expires);
        Assert.Equal(Vectors.OptionalString(expected, "opaque"), actual.Opaque);
    }
}
