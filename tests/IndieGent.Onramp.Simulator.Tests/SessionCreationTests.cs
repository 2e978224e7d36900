using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IndieGent.Onramp.Simulator.Apis;

namespace IndieGent.Onramp.Simulator.Tests;

public sealed class SessionCreationTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Destination = "0x742d35Cc6634C0532925a3b844Bc454e4438f44e";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_one_click_session_with_payment_method_and_country_answers_201_with_the_url_and_a_fee_inclusive_quote()
    {
        using var response = await simulator.CreateSessionAsync(new
        {
            destinationAddress = Destination,
            destinationNetwork = "base",
            purchaseCurrency = "USDC",
            paymentAmount = "100.00",
            paymentCurrency = "USD",
            paymentMethod = "CARD",
            country = "US",
            subdivision = "NY",
            partnerUserRef = "user-1234",
            redirectUrl = "https://example.com/success",
            clientIp = "127.0.0.1",
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.StartsWith($"{simulator.BaseAddress.AbsoluteUri}checkout/", body.GetProperty("session").GetProperty("onrampUrl").GetString());
        var quote = body.GetProperty("quote");
        Assert.Equal("100.00", quote.GetProperty("paymentTotal").GetString());
        Assert.Equal("98.90", quote.GetProperty("paymentSubtotal").GetString());
        Assert.Equal("USD", quote.GetProperty("paymentCurrency").GetString());
        Assert.Equal("98.900000", quote.GetProperty("purchaseAmount").GetString());
        Assert.Equal("USDC", quote.GetProperty("purchaseCurrency").GetString());
        Assert.Equal("base", quote.GetProperty("destinationNetwork").GetString());
        Assert.Equal("1", quote.GetProperty("exchangeRate").GetString());
        var fees = quote.GetProperty("fees").EnumerateArray().ToDictionary(f => f.GetProperty("type").GetString()!, f => f.GetProperty("amount").GetString());
        Assert.Equal("1.00", fees["FEE_TYPE_EXCHANGE"]);
        Assert.Equal("0.10", fees["FEE_TYPE_NETWORK"]);
    }

    [Fact]
    public async Task A_purchase_amount_is_fee_exclusive_the_user_receives_exactly_it()
    {
        using var response = await simulator.CreateSessionAsync(new
        {
            destinationAddress = Destination, destinationNetwork = "base", purchaseCurrency = "USDC",
            purchaseAmount = "10.000000", paymentCurrency = "USD", paymentMethod = "CARD", country = "DE",
        }, Ct);

        var quote = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("quote");
        Assert.Equal("10.000000", quote.GetProperty("purchaseAmount").GetString());
        Assert.Equal("10.20", quote.GetProperty("paymentTotal").GetString());
    }

    [Fact]
    public async Task A_one_click_session_without_payment_method_and_country_carries_no_quote()
    {
        using var response = await simulator.CreateSessionAsync(new
        {
            destinationAddress = Destination, destinationNetwork = "base", purchaseCurrency = "USDC", paymentAmount = "25", paymentCurrency = "USD",
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(body.TryGetProperty("session", out _));
        Assert.False(body.TryGetProperty("quote", out _));
    }

    [Theory]
    [InlineData("""{"destinationNetwork":"base","purchaseCurrency":"USDC"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","purchaseCurrency":"USDC"}""")]
    [InlineData("""{"destinationAddress":"not-an-address","destinationNetwork":"base","purchaseCurrency":"USDC"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"solana","purchaseCurrency":"USDC"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"BTC"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentAmount":"10","purchaseAmount":"10","paymentCurrency":"USD"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentAmount":"10"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentAmount":"10.001","paymentCurrency":"USD"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentAmount":"0.10","paymentCurrency":"USD"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentAmount":"10","paymentCurrency":"EUR"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentAmount":"10","paymentCurrency":"USD","paymentMethod":"CARD","country":"US"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentMethod":"CASH"}""")]
    [InlineData("""{"destinationAddress":"0x742d35Cc6634C0532925a3b844Bc454e4438f44e","destinationNetwork":"base","purchaseCurrency":"USDC","paymentAmount":10,"paymentCurrency":"USD"}""")]
    [InlineData("""not json""")]
    public async Task An_invalid_request_is_a_400_invalid_request_in_cdps_error_shape(string json)
    {
        using var client = simulator.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, SessionsApi.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.Jwt("POST", SessionsApi.Path).Sign(simulator.ApiKey));

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("invalid_request", error.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("errorMessage").GetString()));
    }
}
