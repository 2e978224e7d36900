using System.Security.Cryptography;
using System.Text;
using CsCheck;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Marketplace;
using IndieGent.Payments.Protocol.Signing;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>The header the Gateway vouches for a paid marketplace call with: its JSON, its version and its limits.</summary>
public sealed class Marketplace_call_header
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly Dictionary<string, ECDsa> Trusted = new() { ["platform-1"] = Key };
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 10, 0, 0, 500, TimeSpan.Zero);

    private static MarketplaceCall Call(string path = "/flights/search") => new(
        Guid.Parse("6f1c2a9e-3b7d-4e8f-9a01-23456789abcd"), "demo-flights", Guid.Parse("0e0d0c0b-0a09-0807-0605-040302010000"),
        "20000", "USDC", "GET", path, Now, Now.AddMinutes(2));

    private static string SealJson(string json) => Es256Envelope.Seal(Encoding.UTF8.GetBytes(json), "platform-1", Key);

    private static string Json(string v = "1", string extra = "") =>
        $$"""{"v":{{v}},"pid":"6f1c2a9e-3b7d-4e8f-9a01-23456789abcd","svc":"demo-flights","cid":"0e0d0c0b-0a09-0807-0605-040302010000","amt":"20000","cur":"USDC","m":"GET","p":"/flights/search","iat":1800000000,"exp":1800000120{{extra}}}""";

    [Fact]
    public void A_sealed_call_opens_to_itself_in_whole_seconds()
    {
        var header = MarketplaceCallHeader.Seal(Call(), "platform-1", Key);

        var opened = MarketplaceCallHeader.Open(header, Trusted, out var problem);

        Assert.Equal("", problem);
        Assert.Equal(Call() with { IssuedAt = Now.AddMilliseconds(-500), ExpiresAt = Now.AddMinutes(2).AddMilliseconds(-500) }, opened);
        Assert.Equal(1800007200, opened!.IssuedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public void The_payload_is_the_documented_json_with_short_names()
    {
        var header = MarketplaceCallHeader.Seal(Call(), "platform-1", Key);

        var json = Base64Url.DecodeUtf8(header.Split('.')[1]);

        Assert.Equal(
            """{"v":1,"pid":"6f1c2a9e-3b7d-4e8f-9a01-23456789abcd","svc":"demo-flights","cid":"0e0d0c0b-0a09-0807-0605-040302010000","amt":"20000","cur":"USDC","m":"GET","p":"/flights/search","iat":1800007200,"exp":1800007320}""",
            json);
    }

    [Fact]
    public void A_hand_written_version_1_payload_opens_and_unknown_members_are_ignored()
    {
        var opened = MarketplaceCallHeader.Open(SealJson(Json(extra: ",\"later\":{\"x\":[1]}")), Trusted, out _);

        Assert.NotNull(opened);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1800000000), opened.IssuedAt);
        Assert.Equal("/flights/search", opened.Path);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    public void Another_version_is_refused(string version)
    {
        Assert.Null(MarketplaceCallHeader.Open(SealJson(Json(version)), Trusted, out var problem));
        Assert.Equal($"The marketplace call is of version {version}; only version 1 is understood.", problem);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("1.5")]
    public void A_version_that_is_not_an_integer_is_refused(string version)
    {
        Assert.Null(MarketplaceCallHeader.Open(SealJson(Json(version)), Trusted, out var problem));
        Assert.Contains("'v'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pid", "\"pid\":\"6f1c2a9e-3b7d-4e8f-9a01-23456789abcd\"", "\"pid\":\"not-a-guid\"")]
    [InlineData("cid", "\"cid\":\"0e0d0c0b-0a09-0807-0605-040302010000\"", "\"cid\":12")]
    [InlineData("amt", "\"amt\":\"20000\"", "\"amt\":\"020000\"")]
    [InlineData("amt", "\"amt\":\"20000\"", "\"amt\":20000")]
    [InlineData("exp", "\"exp\":1800000120", "\"exp\":1799999999")]
    [InlineData("iat", "\"iat\":1800000000", "\"iat\":-1")]
    [InlineData("p", "\"p\":\"/flights/search\"", "\"p\":\"flights/search\"")]
    [InlineData("p", "\"p\":\"/flights/search\"", "\"p\":\"/flights/search?from=AMS\"")]
    [InlineData("p", "\"p\":\"/flights/search\"", "\"p\":\"/flights/\\r\\nsearch\"")]
    [InlineData("m", "\"m\":\"GET\"", "\"m\":\"G T\"")]
    [InlineData("svc", "\"svc\":\"demo-flights\"", "\"svc\":\"\"")]
    [InlineData("cur", "\"cur\":\"USDC\"", "\"cur\":\"US\\u00d0C\"")]
    public void A_member_of_the_wrong_shape_is_refused(string member, string valid, string invalid)
    {
        Assert.Null(MarketplaceCallHeader.Open(SealJson(Json().Replace(valid, invalid, StringComparison.Ordinal)), Trusted, out var problem));
        Assert.Contains(member, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pid")]
    [InlineData("svc")]
    [InlineData("cid")]
    [InlineData("amt")]
    [InlineData("cur")]
    [InlineData("m")]
    [InlineData("p")]
    [InlineData("iat")]
    [InlineData("exp")]
    [InlineData("v")]
    public void A_missing_member_is_refused(string member)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Json())!.AsObject();
        json.Remove(member);

        Assert.Null(MarketplaceCallHeader.Open(SealJson(json.ToJsonString()), Trusted, out var problem));
        Assert.Contains($"'{member}' is required", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_member_or_a_payload_that_is_no_object_is_refused()
    {
        Assert.Null(MarketplaceCallHeader.Open(SealJson(Json(extra: ",\"pid\":\"00000000-0000-0000-0000-000000000001\"")), Trusted, out var problem));
        Assert.Contains("not valid JSON", problem, StringComparison.Ordinal);
        Assert.Null(MarketplaceCallHeader.Open(SealJson("[1]"), Trusted, out problem));
        Assert.Equal("The marketplace call's payload is not a JSON object.", problem);
        Assert.Null(MarketplaceCallHeader.Open(SealJson("{\"v\":1,"), Trusted, out problem));
        Assert.Contains("not valid JSON", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_is_checked_before_the_payload_is_read()
    {
        var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forgedGarbage = Es256Envelope.Seal("not json"u8, "platform-1", other);

        Assert.Null(MarketplaceCallHeader.Open(forgedGarbage, Trusted, out var problem));
        Assert.Equal("The marketplace call's signature is not valid.", problem);
        Assert.Null(MarketplaceCallHeader.Open(MarketplaceCallHeader.Seal(Call(), "platform-2", Key), Trusted, out problem));
        Assert.Equal("The marketplace call was signed with key 'platform-2', which this service does not trust.", problem);
    }

    [Fact]
    public void Problems_never_repeat_the_values_of_the_call()
    {
        var secretish = "/flights/9f86d081884c7d659a2feaa0c55ad015";
        var header = SealJson(Json().Replace("\"amt\":\"20000\"", "\"amt\":\"x9f86d081884c\"", StringComparison.Ordinal)
            .Replace("/flights/search", secretish, StringComparison.Ordinal));

        Assert.Null(MarketplaceCallHeader.Open(header, Trusted, out var problem));
        Assert.DoesNotContain("9f86d081884c", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(header[..20], problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_longer_than_the_limit_is_neither_written_nor_read()
    {
        var longest = Call("/" + new string('a', 5000));
        var header = MarketplaceCallHeader.Seal(longest, "platform-1", Key);
        Assert.NotNull(MarketplaceCallHeader.Open(header, Trusted, out _));

        Assert.Throws<ArgumentException>(() => MarketplaceCallHeader.Seal(Call("/" + new string('a', 6500)), "platform-1", Key));
        var oversized = Es256Envelope.Seal(Encoding.UTF8.GetBytes(Json().Replace("/flights/search", "/" + new string('a', 6500), StringComparison.Ordinal)), "platform-1", Key);
        Assert.True(oversized.Length > MarketplaceCallHeader.MaxLength);
        Assert.Null(MarketplaceCallHeader.Open(oversized, Trusted, out var problem));
        Assert.Contains("oversized", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("-5")]
    [InlineData("0.02")]
    [InlineData("")]
    public void A_call_whose_price_would_not_read_back_is_not_sealed(string price) =>
        Assert.Throws<ArgumentException>(() => MarketplaceCallHeader.Seal(Call() with { Price = price }, "platform-1", Key));

    [Fact]
    public void A_call_that_expires_before_it_was_issued_is_not_sealed() =>
        Assert.Throws<ArgumentException>(() => MarketplaceCallHeader.Seal(Call() with { ExpiresAt = Now.AddSeconds(-2) }, "platform-1", Key));

    [Fact]
    public void Hostile_headers_and_hostile_signed_payloads_only_ever_yield_null_and_a_problem()
    {
        Fuzz.Header.Sample(value =>
        {
            Assert.Null(MarketplaceCallHeader.Open(value, Trusted, out var problem));
            Assert.NotEmpty(problem);
        }, iter: 10_000);
        Gen.String[Fuzz.JsonChar, 0, 300].Select(json => Json().Insert(Json().Length / 2, json)).Sample(json =>
        {
            var opened = MarketplaceCallHeader.Open(SealJson(json), Trusted, out var problem);
            Assert.True(opened is not null || problem.Length > 0);
        }, iter: 10_000);
    }
}
