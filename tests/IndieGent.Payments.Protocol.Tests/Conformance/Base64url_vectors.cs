using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Tests.Conformance;

/// <summary>mpp-tools <c>base64url.json</c>: unpadded URL-safe base64 of UTF-8 text.</summary>
public sealed class Base64url_vectors
{
    private const string File = "base64url";

    public static TheoryData<string> Scenarios => Vectors.ScenarioNames(File);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_scenario_behaves_as_the_vector_says(string name)
    {
        var scenario = Vectors.Scenario(File, name);
        var encoded = scenario.GetProperty("encoded").GetString()!;
        var decoded = Vectors.OptionalString(scenario, "decoded");
        var ran = false;

        switch (Vectors.Expectation(scenario, "parse"))
        {
            case true:
                Assert.Equal(decoded, Base64Url.DecodeUtf8(encoded));
                ran = true;
                break;
            case false:
                var error = Assert.Throws<PaymentProtocolException>(() => Base64Url.DecodeUtf8(encoded));
                Assert.Equal(PaymentProtocolErrorCode.InvalidEncoding, error.Code);
                ran = true;
                break;
        }

        if (Vectors.Expectation(scenario, "format") == true)
        {
            Assert.Equal(encoded, Base64Url.EncodeUtf8(decoded!));
            ran = true;
        }

        if (Vectors.Expectation(scenario, "roundtrip") == true)
            Assert.Equal(decoded, Base64Url.DecodeUtf8(Base64Url.EncodeUtf8(decoded!)));

        Assert.True(ran, "The scenario declares no test this harness understands.");
    }
}
