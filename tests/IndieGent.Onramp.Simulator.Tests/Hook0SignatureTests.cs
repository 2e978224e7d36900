using System.Text;
using IndieGent.Onramp.Simulator.Webhooks;

namespace IndieGent.Onramp.Simulator.Tests;

public sealed class Hook0SignatureTests
{
    // hook0's own test vector (output-worker/src/work.rs, create_signature_v0_and_v1): header names
    // in any case and order sign the same, lower-cased and sorted.
    private const long Timestamp = 1636936200;
    private const string Secret = "secret";
    private const string Body = "hello !";
    private const string Expected =
        "t=1636936200,v0=1b3d69df55f1e52f05224ba94a5162abeb17ef52cd7f4948c390f810d6a87e98," +
        "h=x-event-id x-event-type,v1=bc521546ba5de381b12f135782d2008b028c3065c191760b12b76850a8fc8f51";

    [Fact]
    public void The_signature_matches_hook0s_reference_vector()
    {
        KeyValuePair<string, string>[] headers =
            [new("X-EVENT-TYPE", "service.resource.verb"), new("X-Event-Id", "1a01cb48-5142-4d9b-8f90-d20cca61f0ee")];

        Assert.Equal(Expected, Hook0Signature.Compute(Secret, Timestamp, headers, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void The_tests_verifier_accepts_the_reference_vector_and_refuses_a_changed_body()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-event-id"] = "1a01cb48-5142-4d9b-8f90-d20cca61f0ee",
            ["x-event-type"] = "service.resource.verb",
        };
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

        Assert.True(Hook0Verifier.IsValid(Expected, headers, Encoding.UTF8.GetBytes(Body), Secret, signedAt));
        Assert.False(Hook0Verifier.IsValid(Expected, headers, Encoding.UTF8.GetBytes("hello ?"), Secret, signedAt));
        Assert.False(Hook0Verifier.IsValid(Expected, headers, Encoding.UTF8.GetBytes(Body), Secret, signedAt.AddHours(1)));
    }
}
