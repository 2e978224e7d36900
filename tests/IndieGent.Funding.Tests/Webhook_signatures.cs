using System.Text;
using IndieGent.Funding.Onramp;

namespace IndieGent.Funding.Tests;

/// <summary>CDP webhooks (hook0's X-Hook0-Signature): hook0's own reference vector, and every way a delivery is refused.</summary>
public sealed class Webhook_signatures
{
    // hook0's output-worker test vector: t, secret, body, the two signed headers, and the v1 it computes.
    private const long Timestamp = 1636936200;
    private const string Secret = "secret";
    private const string Body = "hello !";
    private const string Header =
        "t=1636936200,v0=1b3d69df55f1e52f05224ba94a5162abeb17ef52cd7f4948c390f810d6a87e98," +
        "h=x-event-id x-event-type,v1=bc521546ba5de381b12f135782d2008b028c3065c191760b12b76850a8fc8f51";

    private static readonly Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["X-Event-Id"] = "1a01cb48-5142-4d9b-8f90-d20cca61f0ee",
        ["X-Event-Type"] = "service.resource.verb",
    };

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    private static Hook0Verification Verify(string? header, string body = Body, string secret = Secret, DateTimeOffset? now = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        Hook0Signature.Verify(header, n => (headers ?? Headers).GetValueOrDefault(n), Encoding.UTF8.GetBytes(body), secret, now ?? SignedAt,
            Hook0Signature.DefaultTolerance);

    [Fact]
    public void Hook0s_reference_vector_verifies() => Assert.Equal(Hook0Verification.Valid, Verify(Header));

    [Fact]
    public void Signing_produces_what_verifies()
    {
        var header = Hook0Signature.Sign(Timestamp, [("x-event-id", Headers["X-Event-Id"]), ("x-event-type", Headers["X-Event-Type"])],
            Encoding.UTF8.GetBytes(Body), Secret);
        Assert.EndsWith("v1=bc521546ba5de381b12f135782d2008b028c3065c191760b12b76850a8fc8f51", header, StringComparison.Ordinal);
        Assert.Equal(Hook0Verification.Valid, Verify(header));
    }

    [Fact]
    public void Another_body_secret_or_header_value_is_a_mismatch()
    {
        Assert.Equal(Hook0Verification.Mismatch, Verify(Header, body: "hello ?"));
        Assert.Equal(Hook0Verification.Mismatch, Verify(Header, secret: "another"));
        var changed = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { ["X-Event-Type"] = "onramp.transaction.success" };
        Assert.Equal(Hook0Verification.Mismatch, Verify(Header, headers: changed));
    }

    [Fact]
    public void A_delivery_older_or_newer_than_five_minutes_is_stale()
    {
        Assert.Equal(Hook0Verification.Valid, Verify(Header, now: SignedAt.AddMinutes(4)));
        Assert.Equal(Hook0Verification.Stale, Verify(Header, now: SignedAt.AddMinutes(6)));
        Assert.Equal(Hook0Verification.Stale, Verify(Header, now: SignedAt.AddMinutes(-6)));
    }

    [Theory]
    [InlineData(null, Hook0Verification.Missing)]
    [InlineData("", Hook0Verification.Missing)]
    [InlineData("v1=abc", Hook0Verification.Malformed)]
    [InlineData("t=1636936200,h=x-event-id", Hook0Verification.Malformed)]
    [InlineData("t=soon,h=x-event-id,v1=bc521546ba5de381b12f135782d2008b028c3065c191760b12b76850a8fc8f51", Hook0Verification.Malformed)]
    [InlineData("t=1636936200,h=x-event-id,v1=zz", Hook0Verification.Malformed)]
    [InlineData("garbage", Hook0Verification.Malformed)]
    [InlineData("t=99999999999999999,h=,v1=bc521546ba5de381b12f135782d2008b028c3065c191760b12b76850a8fc8f51", Hook0Verification.Stale)]
    public void A_missing_or_malformed_header_is_refused(string? header, Hook0Verification expected) => Assert.Equal(expected, Verify(header));

    [Fact]
    public void Without_a_configured_secret_nothing_verifies() => Assert.Equal(Hook0Verification.Missing, Verify(Header, secret: ""));
}
