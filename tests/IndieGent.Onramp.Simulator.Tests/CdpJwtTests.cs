using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Onramp.Simulator.Apis;

namespace IndieGent.Onramp.Simulator.Tests;

public sealed class CdpJwtTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string StatusPath = "/onramp/v1/buy/user/nobody/transactions";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_minted_for_the_request_is_accepted()
    {
        using var response = await GetStatusAsync(simulator.Jwt("GET", StatusPath).Sign(simulator.ApiKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused_in_cdps_error_shape()
    {
        using var response = await GetStatusAsync(token: null);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await GetStatusAsync(simulator.Jwt("GET", StatusPath).Sign(stranger));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_token_with_an_unknown_key_id_is_refused()
    {
        using var response = await GetStatusAsync((simulator.Jwt("GET", StatusPath) with { KeyId = "organizations/test/apiKeys/unknown" }).Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var jwt = simulator.Jwt("GET", StatusPath) with { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-5) };

        using var response = await GetStatusAsync(jwt.Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_refused()
    {
        var jwt = simulator.Jwt("GET", StatusPath) with { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(1) };

        using var response = await GetStatusAsync(jwt.Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_token_living_longer_than_120_seconds_is_refused()
    {
        var jwt = simulator.Jwt("GET", StatusPath) with { Lifetime = TimeSpan.FromSeconds(121) };

        using var response = await GetStatusAsync(jwt.Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_token_with_another_algorithm_in_its_header_is_refused()
    {
        var jwt = simulator.Jwt("GET", StatusPath) with { Algorithm = "none" };

        using var response = await GetStatusAsync(jwt.Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("POST", StatusPath)]
    [InlineData("GET", "/onramp/v1/buy/user/somebody-else/transactions")]
    [InlineData("GET", SessionsApi.Path)]
    public async Task A_token_minted_for_another_method_or_path_is_refused(string method, string path)
    {
        using var response = await GetStatusAsync(simulator.Jwt(method, path).Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_token_minted_for_another_host_is_refused()
    {
        var jwt = simulator.Jwt("GET", StatusPath) with { Uris = [$"GET api.developer.coinbase.com{StatusPath}"] };

        using var response = await GetStatusAsync(jwt.Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_token_without_uris_is_refused()
    {
        var jwt = simulator.Jwt("GET", StatusPath) with { Uris = [] };

        using var response = await GetStatusAsync(jwt.Sign(simulator.ApiKey));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_session_is_not_created_without_a_valid_token()
    {
        using var client = simulator.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, SessionsApi.Path) { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.Jwt("GET", SessionsApi.Path).Sign(simulator.ApiKey));

        using var response = await client.SendAsync(request, Ct);

        await AssertUnauthorizedAsync(response);
    }

    private async Task<HttpResponseMessage> GetStatusAsync(string? token)
    {
        using var client = simulator.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, StatusPath + "?pageSize=5");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("unauthorized", error.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("errorMessage").GetString()));
    }
}
