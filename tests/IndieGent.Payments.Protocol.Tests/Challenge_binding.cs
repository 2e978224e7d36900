using System.Text;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>Server-side checks on a credential's echoed challenge: forged echoes and expiry.</summary>
public sealed class Challenge_binding
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChallengeIdBinder Binder = ChallengeIdBinder.FromSecret("a-server-secret-of-at-least-32-bytes!!");

    private static readonly byte[] RequestJson = new EvmChargeRequest(
        10_000,
        EvmAddress.Parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e"),
        EvmAddress.Parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C"),
        new EvmMethodDetails(84532, [EvmCredentialTypes.Authorization], 6)).ToJson();

    private static PaymentChallenge Issue() => Binder.Issue("api.example.com", "evm", "charge", RequestJson, Now.AddMinutes(5), opaque: PaymentChallenge.EncodeOpaque([new("route", "/v1/search")]));

    private static PaymentCredential Answer(PaymentChallenge challenge) =>
        new(challenge, new EvmHashPayload(Bytes32.FromBytes(new byte[32])).ToJsonElement());

    [Fact]
    public void An_issued_challenge_echoed_unchanged_is_valid()
    {
        var echoed = PaymentCredential.Parse(Answer(Issue()).Format()).Challenge;

        Assert.Equal(ChallengeVerdict.Valid, Binder.Check(echoed, new ManualTimeProvider(Now), "api.example.com"));
    }

    [Fact]
    public void A_cheaper_request_in_the_echo_no_longer_matches_the_id()
    {
        var issued = Issue();
        var cheaper = RequestJson.AsSpan().ToArray();
        var forgedRequest = Encoding.UTF8.GetString(cheaper).Replace("\"10000\"", "\"1\"", StringComparison.Ordinal);
        var forged = PaymentChallenge.Create(issued.Id, issued.Realm, issued.Method, issued.Intent, Encoding.UTF8.GetBytes(forgedRequest), issued.ExpiresAt, opaque: issued.Opaque);

        var echoed = PaymentCredential.Parse(Answer(forged).Format()).Challenge;

        Assert.Equal(ChallengeVerdict.IdMismatch, Binder.Check(echoed, new ManualTimeProvider(Now)));
    }

    [Theory]
    [InlineData("realm")]
    [InlineData("expires")]
    [InlineData("opaque")]
    [InlineData("method")]
    [InlineData("intent")]
    [InlineData("digest")]
    public void Altering_any_bound_field_of_the_echo_breaks_the_binding(string field)
    {
        var c = Issue();
        var forged = PaymentChallenge.Create(
            c.Id,
            field == "realm" ? "evil.example.com" : c.Realm,
            field == "method" ? "evmx" : c.Method,
            field == "intent" ? "session" : c.Intent,
            Base64Url.Decode(c.Request),
            field == "expires" ? c.ExpiresAt!.Value.AddDays(30) : c.ExpiresAt,
            field == "digest" ? "sha-256=:AAAA:" : c.Digest,
            c.Description,
            field == "opaque" ? PaymentChallenge.EncodeOpaque([new("route", "/v1/free")]) : c.Opaque);

        Assert.False(Binder.Verify(forged));
        Assert.Equal(ChallengeVerdict.IdMismatch, Binder.Check(forged, new ManualTimeProvider(Now)));
    }

    [Fact]
    public void The_description_is_not_bound_so_changing_it_keeps_the_id_valid()
    {
        var c = Issue();
        var relabelled = PaymentChallenge.Create(c.Id, c.Realm, c.Method, c.Intent, Base64Url.Decode(c.Request), c.ExpiresAt, c.Digest, "anything", c.Opaque);

        Assert.True(Binder.Verify(relabelled));
    }

    [Fact]
    public void A_challenge_signed_with_another_secret_is_rejected()
    {
        var other = ChallengeIdBinder.FromSecret("another-server-secret-of-32-bytes-min");

        Assert.Equal(ChallengeVerdict.IdMismatch, other.Check(Issue(), new ManualTimeProvider(Now)));
    }

    [Fact]
    public void Expiry_is_judged_by_the_injected_clock()
    {
        var clock = new ManualTimeProvider(Now);
        var challenge = Issue();

        Assert.Equal(ChallengeVerdict.Valid, Binder.Check(challenge, clock));
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Equal(ChallengeVerdict.Valid, Binder.Check(challenge, clock));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(ChallengeVerdict.Expired, Binder.Check(challenge, clock));
        Assert.True(challenge.IsExpired(clock));
    }

    [Fact]
    public void A_realm_other_than_this_servers_is_rejected_even_with_a_valid_id()
    {
        Assert.Equal(ChallengeVerdict.RealmMismatch, Binder.Check(Issue(), new ManualTimeProvider(Now), "other.example.com"));
    }

    [Fact]
    public void Secrets_shorter_than_32_bytes_are_refused()
    {
        var error = Assert.Throws<PaymentProtocolException>(() => new ChallengeIdBinder(new byte[31]));

        Assert.Equal(PaymentProtocolErrorCode.WeakSecret, error.Code);
    }

    [Fact]
    public void Opaque_round_trips_as_a_flat_string_map()
    {
        var map = Issue().DecodeOpaque();

        Assert.Equal("/v1/search", map!["route"]);
    }

    [Fact]
    public void A_legacy_echo_with_an_expanded_opaque_object_is_normalised_to_the_wire_form()
    {
        var challenge = Issue();
        var json = $"{{\"challenge\":{{\"id\":\"{challenge.Id}\",\"realm\":\"{challenge.Realm}\",\"method\":\"evm\",\"intent\":\"charge\",\"request\":\"{challenge.Request}\",\"expires\":\"{challenge.Expires}\",\"opaque\":{{\"route\":\"/v1/search\"}}}},\"payload\":{{}}}}";

        var credential = PaymentCredential.Decode(Base64Url.EncodeUtf8(json));

        Assert.Equal(challenge.Opaque, credential.Challenge.Opaque);
        Assert.True(Binder.Verify(credential.Challenge));
    }

    [Fact]
    public void Two_payment_credentials_in_one_field_are_refused()
    {
        var one = Answer(Issue()).Format();

        var error = Assert.Throws<PaymentProtocolException>(() => PaymentCredential.Parse(one + ", " + one));
        Assert.Equal(PaymentProtocolErrorCode.MultipleCredentials, error.Code);
    }

    [Fact]
    public void Credential_and_challenge_text_never_reach_log_output()
    {
        var credential = Answer(Issue());

        Assert.DoesNotContain(credential.Encode(), credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Challenge.Request, credential.Challenge.ToString(), StringComparison.Ordinal);
    }
}
