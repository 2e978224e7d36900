using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests.Conformance;

/// <summary>mpp-tools <c>authorization.json</c>: credentials in the Authorization field.</summary>
public sealed class Authorization_vectors
{
    private const string File = "authorization";

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
                AssertMatches(scenario.GetProperty("object"), PaymentCredential.Parse(Vectors.Wire(scenario)));
                ran = true;
                break;
            case false:
                Assert.Throws<PaymentProtocolException>(() => PaymentCredential.Parse(Vectors.Wire(scenario)));
                ran = true;
                break;
        }

        if (Vectors.Expectation(scenario, "format") == true)
        {
            // "Compared semantically": the decoded JSON must be equal; member order is free.
            var formatted = FromObject(scenario.GetProperty("object")).Format();
            Assert.StartsWith("Payment ", formatted, StringComparison.Ordinal);
            Assert.True(JsonElement.DeepEquals(Decode(Vectors.Wire(scenario)), Decode(formatted)), "formatted credential differs");
            ran = true;
        }

        if (Vectors.Expectation(scenario, "roundtrip") == true)
        {
            var original = FromObject(scenario.GetProperty("object"));
            var parsed = PaymentCredential.Parse(original.Format());
            Assert.Equal(original, parsed);
            AssertMatches(scenario.GetProperty("object"), parsed);
        }

        Assert.True(ran, "The scenario declares no test this harness understands.");
    }

    private static PaymentCredential FromObject(JsonElement obj)
    {
        var echo = obj.GetProperty("challenge");
        var challenge = PaymentChallenge.Create(
            echo.GetProperty("id").GetString()!,
            echo.GetProperty("realm").GetString()!,
            echo.GetProperty("method").GetString()!,
            echo.GetProperty("intent").GetString()!,
            Vectors.Json(echo.GetProperty("request")),
            Vectors.OptionalString(echo, "expires") is { } expires ? Rfc3339.Parse(expires) : null,
            Vectors.OptionalString(echo, "digest"),
            Vectors.OptionalString(echo, "description"),
            Vectors.OptionalString(echo, "opaque"),
            Vectors.OptionalString(echo, "header"));
        return new PaymentCredential(challenge, obj.GetProperty("payload"), Vectors.OptionalString(obj, "source"));
    }

    private static JsonElement Decode(string header)
    {
        using var document = JsonDocument.Parse(Base64Url.Decode(header.AsSpan("Payment ".Length)));
        return document.RootElement.Clone();
    }

    private static void AssertMatches(JsonElement expected, PaymentCredential actual)
    {
        var echo = expected.GetProperty("challenge");
        Assert.Equal(echo.GetProperty("id").GetString(), actual.Challenge.Id);
        Assert.Equal(echo.GetProperty("realm").GetString(), actual.Challenge.Realm);
        Assert.Equal(echo.GetProperty("method").GetString(), actual.Challenge.Method);
        Assert.Equal(echo.GetProperty("intent").GetString(), actual.Challenge.Intent);
        Assert.True(JsonElement.DeepEquals(echo.GetProperty("request"), actual.Challenge.RequestJson), "request differs");
        Assert.Equal(Vectors.OptionalString(echo, "expires"), actual.Challenge.Expires);
        Assert.Equal(Vectors.OptionalString(echo, "header"), actual.Challenge.CredentialHeader);
        Assert.True(JsonElement.DeepEquals(expected.GetProperty("payload"), actual.Payload), "payload differs");
        Assert.Equal(Vectors.OptionalString(expected, "source"), actual.Source);
    }
}
