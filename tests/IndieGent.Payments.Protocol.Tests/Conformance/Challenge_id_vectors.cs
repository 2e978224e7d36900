using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests.Conformance;

/// <summary>mpp-tools <c>challenge-id.json</c>: the HMAC-SHA256 challenge binding.</summary>
public sealed class Challenge_id_vectors
{
    private const string File = "challenge-id";

    public static TheoryData<string> Scenarios => Vectors.ScenarioNames(File);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_scenario_behaves_as_the_vector_says(string name)
    {
        var scenario = Vectors.Scenario(File, name);
        var input = scenario.GetProperty("input");
        var secret = input.GetProperty("secretKey").GetString()!;

        if (Vectors.Expectation(scenario, "generate") == false)
        {
            var error = Assert.Throws<PaymentProtocolException>(() => ChallengeIdBinder.FromSecret(secret));
            Assert.Equal(PaymentProtocolErrorCode.WeakSecret, error.Code);
            return;
        }

        var binder = ChallengeIdBinder.FromSecret(secret);
        var request = PaymentChallenge.EncodeRequest(Vectors.Json(input.GetProperty("request")));
        var id = binder.ComputeId(
            input.GetProperty("realm").GetString()!,
            input.GetProperty("method").GetString()!,
            input.GetProperty("intent").GetString()!,
            request,
            Vectors.OptionalString(input, "expires"),
            Vectors.OptionalString(input, "digest"),
            Vectors.OptionalString(input, "opaque"),
            Vectors.OptionalString(input, "header"));
        Assert.Equal(scenario.GetProperty("expected").GetString(), id);

        // The same id verifies on a challenge that carries exactly these fields (description is not bound).
        var challenge = PaymentChallenge.Create(
            id,
            input.GetProperty("realm").GetString()!,
            input.GetProperty("method").GetString()!,
            input.GetProperty("intent").GetString()!,
            Vectors.Json(input.GetProperty("request")),
            Vectors.OptionalString(input, "expires") is { } expires ? Codecs.Rfc3339.Parse(expires) : null,
            Vectors.OptionalString(input, "digest"),
            Vectors.OptionalString(input, "description"),
            Vectors.OptionalString(input, "opaque"),
            Vectors.OptionalString(input, "header"));
        Assert.True(binder.Verify(challenge));
    }
}
