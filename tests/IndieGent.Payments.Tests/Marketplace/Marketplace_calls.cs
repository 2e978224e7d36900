using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Payments.AspNetCore.Marketplace;
using IndieGent.Payments.Protocol.Marketplace;
using IndieGent.Payments.Protocol.Signing;

namespace IndieGent.Payments.Tests;

/// <summary>
/// <c>.RequireMarketplaceCall()</c> with pinned platform keys: a call the platform signed for this provider and this very
/// request reaches the handler once; everything else is answered 401 with a problem, before the handler runs.
/// </summary>
public sealed class Marketplace_calls : IAsyncLifetime
{
    private static readonly Guid Provider = Guid.NewGuid();
    private readonly PlatformSigner _platform = new("platform-2027");
    private MarketplaceProviderHost _host = null!;

    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    public async ValueTask InitializeAsync() =>
        _host = await MarketplaceProviderHost.StartAsync(o =>
        {
            o.ProviderId = Provider;
            o.PlatformKeys[_platform.KeyId] = _platform.PublicKey;
        });

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _platform.Dispose();
    }

    private string Header(string method = "GET", string path = "/paid", Func<MarketplaceCall, MarketplaceCall>? change = null)
    {
        var call = PlatformSigner.Call(Provider, method, path, Now);
        return _platform.Seal(change is null ? call : change(call));
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string type, string detail)
    {
        var problem = await MarketplaceProviderHost.ProblemAsync(response);
        Assert.Equal((401, type), (problem.Status, problem.Type));
        Assert.Contains(detail, problem.Detail, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_valid_call_reaches_the_handler_which_sees_the_call()
    {
        var call = PlatformSigner.Call(Provider, "GET", "/paid", Now);

        using var response = await _host.SendAsync("GET", "/paid", _platform.Seal(call));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(call.CallId, seen.GetProperty("callId").GetGuid());
        Assert.Equal("demo-flights", seen.GetProperty("service").GetString());
        Assert.Equal("20000", seen.GetProperty("price").GetString());
    }

    [Fact]
    public async Task A_request_without_the_header_is_told_that_a_marketplace_call_is_required()
    {
        using var response = await _host.SendAsync("GET", "/paid", header: null);

        await AssertRefusedAsync(response, MarketplaceProblemTypes.CallRequired, "IndieGent-Marketplace-Call");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("platform-2027.e30.AAAA")]
    public async Task A_garbage_header_is_an_invalid_call(string header)
    {
        using var response = await _host.SendAsync("GET", "/paid", header);

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "marketplace call");
    }

    [Fact]
    public async Task A_call_signed_with_another_key_under_the_platform_key_id_is_invalid()
    {
        using var impostor = new PlatformSigner(_platform.KeyId);

        using var response = await _host.SendAsync("GET", "/paid", impostor.Seal(PlatformSigner.Call(Provider, "GET", "/paid", Now)));

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "signature is not valid");
    }

    [Fact]
    public async Task A_call_signed_with_a_key_id_the_provider_does_not_know_is_invalid()
    {
        var header = MarketplaceCallHeader.Seal(PlatformSigner.Call(Provider, "GET", "/paid", Now), "platform-2099", _platform.Key);

        using var response = await _host.SendAsync("GET", "/paid", header);

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "key 'platform-2099', which this service does not trust");
    }

    [Fact]
    public async Task A_call_for_another_provider_is_invalid()
    {
        using var response = await _host.SendAsync("GET", "/paid", Header(change: c => c with { ProviderId = Guid.NewGuid() }));

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "for another provider");
    }

    [Fact]
    public async Task An_expired_call_is_invalid_once_the_clock_skew_is_spent()
    {
        var withinSkew = Header(change: c => c with { IssuedAt = Now.AddMinutes(-3), ExpiresAt = Now.AddSeconds(-20) });
        var expired = Header(change: c => c with { IssuedAt = Now.AddMinutes(-3), ExpiresAt = Now.AddSeconds(-31) });

        using var accepted = await _host.SendAsync("GET", "/paid", withinSkew);
        using var refused = await _host.SendAsync("GET", "/paid", expired);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await AssertRefusedAsync(refused, MarketplaceProblemTypes.InvalidCall, "expired at");
    }

    [Fact]
    public async Task A_call_that_expires_while_the_provider_clock_runs_ahead_is_invalid()
    {
        var header = Header();
        _host.Clock.Advance(TimeSpan.FromMinutes(3));

        using var response = await _host.SendAsync("GET", "/paid", header);

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "expired at");
    }

    [Fact]
    public async Task A_call_issued_beyond_the_clock_skew_in_the_future_is_invalid()
    {
        using var response = await _host.SendAsync("GET", "/paid", Header(change: c => c with { IssuedAt = Now.AddSeconds(45), ExpiresAt = Now.AddMinutes(3) }));

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "issued in the future");
    }

    [Fact]
    public async Task A_call_signed_for_another_method_is_invalid()
    {
        using var response = await _host.SendAsync("POST", "/paid/echo", Header("GET", "/paid/echo"), "{\"text\":\"hi\"}");

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "signed for a GET request, not POST");
    }

    [Theory]
    [InlineData("/paid/other")]
    [InlineData("/Paid")]
    [InlineData("/group/a")]
    public async Task A_call_signed_for_another_path_is_invalid(string signedPath)
    {
        using var response = await _host.SendAsync("GET", "/paid", Header(path: signedPath));

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "another path");
    }

    [Fact]
    public async Task A_replayed_call_is_invalid_the_second_time()
    {
        var header = Header();

        using var first = await _host.SendAsync("GET", "/paid", header);
        using var second = await _host.SendAsync("GET", "/paid", header);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertRefusedAsync(second, MarketplaceProblemTypes.InvalidCall, "used before");
    }

    [Fact]
    public async Task Of_one_call_sent_twenty_times_at_once_exactly_one_is_admitted()
    {
        var header = Header();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _host.SendAsync("GET", "/paid", header)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task The_call_is_checked_before_the_body_is_bound()
    {
        using var unpaidGarbage = await _host.SendAsync("POST", "/paid/echo", header: null, "{not json");
        using var paid = await _host.SendAsync("POST", "/paid/echo", Header("POST", "/paid/echo"), "{\"text\":\"hi\"}");

        await AssertRefusedAsync(unpaidGarbage, MarketplaceProblemTypes.CallRequired, "marketplace");
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("hi", (await paid.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_group_requires_calls_on_each_of_its_endpoints_and_requiring_twice_checks_once()
    {
        using var unpaid = await _host.SendAsync("GET", "/group/a", header: null);
        using var paid = await _host.SendAsync("GET", "/group/a", Header(path: "/group/a"));
        using var twice = await _host.SendAsync("GET", "/group/twice", Header(path: "/group/twice"));

        await AssertRefusedAsync(unpaid, MarketplaceProblemTypes.CallRequired, "marketplace");
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
    }

    [Fact]
    public async Task Where_an_endpoint_names_its_service_a_call_for_another_service_is_invalid()
    {
        using var flights = await _host.SendAsync("GET", "/flights-service/a", Header(path: "/flights-service/a"));
        using var search = await _host.SendAsync("GET", "/flights-service/a", Header(path: "/flights-service/a", change: c => c with { Service = "demo-search" }));

        Assert.Equal(HttpStatusCode.OK, flights.StatusCode);
        await AssertRefusedAsync(search, MarketplaceProblemTypes.InvalidCall, "for the service 'demo-search', not 'demo-flights'");
    }

    [Fact]
    public async Task An_endpoint_naming_its_service_inside_a_group_that_does_not_still_checks_the_service()
    {
        using var flights = await _host.SendAsync("GET", "/group/search-only", Header(path: "/group/search-only"));
        using var search = await _host.SendAsync("GET", "/group/search-only", Header(path: "/group/search-only", change: c => c with { Service = "demo-search" }));

        await AssertRefusedAsync(flights, MarketplaceProblemTypes.InvalidCall, "for the service 'demo-flights', not 'demo-search'");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
    }

    [Fact]
    public async Task A_plain_request_delegate_endpoint_is_guarded_too()
    {
        using var unpaid = await _host.SendAsync("GET", "/raw", header: null);
        using var paid = await _host.SendAsync("GET", "/raw", Header(path: "/raw"));

        await AssertRefusedAsync(unpaid, MarketplaceProblemTypes.CallRequired, "marketplace");
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
    }

    [Fact]
    public async Task An_endpoint_without_the_requirement_has_no_call_and_needs_none()
    {
        using var response = await _host.SendAsync("GET", "/free", Header(path: "/free"));

        Assert.Equal("free", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_request_with_the_header_twice_is_invalid()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/paid");
        request.Headers.TryAddWithoutValidation(MarketplaceCallHeader.Name, [Header(), Header()]);

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // HttpClient joins the two into one line ("a, b"); either way it is no single call.
        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "marketplace call");
    }

    [Fact]
    public async Task A_call_whose_payload_is_of_another_version_is_invalid()
    {
        var json = $$"""{"v":2,"pid":"{{Provider}}","svc":"s","cid":"{{Guid.NewGuid()}}","amt":"1","cur":"USDC","m":"GET","p":"/paid","iat":{{Now.ToUnixTimeSeconds()}},"exp":{{Now.ToUnixTimeSeconds() + 60}}}""";

        using var response = await _host.SendAsync("GET", "/paid", Es256Envelope.Seal(System.Text.Encoding.UTF8.GetBytes(json), _platform.KeyId, _platform.Key));

        await AssertRefusedAsync(response, MarketplaceProblemTypes.InvalidCall, "only version 1 is understood");
    }

    [Fact]
    public async Task Refusals_are_logged_as_warnings_without_the_header()
    {
        var header = Header(change: c => c with { ProviderId = Guid.NewGuid() });

        using var response = await _host.SendAsync("GET", "/paid", header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Warning: Refused a marketplace call to GET /paid: The marketplace call is for another provider.", StringComparison.Ordinal));
        Assert.DoesNotContain(header.Split('.')[1][..24], _host.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(header.Split('.')[2][..24], _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_path_base_the_call_is_bound_to_the_full_path()
    {
        await using var based = await MarketplaceProviderHost.StartAsync(o =>
        {
            o.ProviderId = Provider;
            o.PlatformKeys[_platform.KeyId] = _platform.PublicKey;
        }, pathBase: "/flights");

        using var full = await based.SendAsync("GET", "/flights/paid", _platform.Seal(PlatformSigner.Call(Provider, "GET", "/flights/paid", Now)));
        using var withoutBase = await based.SendAsync("GET", "/flights/paid", _platform.Seal(PlatformSigner.Call(Provider, "GET", "/paid", Now)));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutBase.StatusCode);
    }

    [Theory]
    [InlineData("/paid/caf%C3%A9", "/paid/café")]
    [InlineData("/paid/caf%C3%A9", "/paid/caf%C3%A9")]
    [InlineData("/paid/a%20b", "/paid/a b")]
    public async Task A_path_is_compared_decoded_whether_the_platform_signed_it_encoded_or_not(string sent, string signed)
    {
        await using var host = await MarketplaceProviderHost.StartAsync(o =>
        {
            o.ProviderId = Provider;
            o.PlatformKeys[_platform.KeyId] = _platform.PublicKey;
        });
        var call = PlatformSigner.Call(Provider, "GET", signed, Now);

        using var response = await host.SendAsync("GET", sent, _platform.Seal(call));
        using var other = await host.SendAsync("GET", sent, _platform.Seal(call with { CallId = Guid.NewGuid(), Path = "/paid/cafe" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Uri.UnescapeDataString(sent)[6..], (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }
}
