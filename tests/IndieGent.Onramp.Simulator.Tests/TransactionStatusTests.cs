using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IndieGent.Onramp.Simulator.Tests;

public sealed class TransactionStatusTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Polling_returns_the_users_transactions_newest_first_in_snake_case_with_the_tx_hash_a_page_at_a_time()
    {
        var partnerUserRef = SimulatorFixture.NewPartnerUserRef();
        var destination = SimulatorFixture.NewDestination();
        var (olderId, _) = await simulator.NewSessionAsync(destination, partnerUserRef, Ct);
        var (newerId, _) = await simulator.NewSessionAsync(destination, partnerUserRef, Ct, amount: "50.00");
        var older = await simulator.PayAsync(olderId, Ct);
        var newer = await simulator.PayAsync(newerId, Ct);

        var first = await PageAsync(simulator, partnerUserRef, "?pageSize=1");
        var second = await PageAsync(simulator, partnerUserRef, $"?page_size=1&page_key={first.GetProperty("next_page_key").GetString()}");

        Assert.Equal("2", first.GetProperty("total_count").GetString());
        var newest = Assert.Single(first.GetProperty("transactions").EnumerateArray());
        Assert.Equal(newer.TransactionId, newest.GetProperty("transaction_id").GetString());
        Assert.Equal(newer.TxHash, newest.GetProperty("tx_hash").GetString());
        Assert.Equal("ONRAMP_TRANSACTION_STATUS_SUCCESS", newest.GetProperty("status").GetString());
        Assert.Equal("49.400000", newest.GetProperty("purchase_amount").GetProperty("value").GetString());
        Assert.Equal("USDC", newest.GetProperty("purchase_amount").GetProperty("currency").GetString());
        Assert.Equal("base", newest.GetProperty("purchase_network").GetString());
        Assert.Equal(partnerUserRef, newest.GetProperty("partner_user_ref").GetString());
        Assert.Equal(destination.ToChecksumHex(), newest.GetProperty("wallet_address").GetString());
        var oldest = Assert.Single(second.GetProperty("transactions").EnumerateArray());
        Assert.Equal(older.TxHash, oldest.GetProperty("tx_hash").GetString());
        Assert.Equal("", second.GetProperty("next_page_key").GetString());
    }

    [Fact]
    public async Task A_user_without_transactions_gets_an_empty_list()
    {
        var page = await PageAsync(simulator, SimulatorFixture.NewPartnerUserRef(), "");

        Assert.Empty(page.GetProperty("transactions").EnumerateArray());
        Assert.Equal("0", page.GetProperty("total_count").GetString());
    }

    [Fact]
    public async Task A_session_nobody_paid_has_no_transaction_yet()
    {
        var partnerUserRef = SimulatorFixture.NewPartnerUserRef();
        await simulator.NewSessionAsync(SimulatorFixture.NewDestination(), partnerUserRef, Ct);

        Assert.Empty(await PollAsync(simulator, partnerUserRef, ""));
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_a_400_invalid_request()
    {
        var path = $"/onramp/v1/buy/user/{SimulatorFixture.NewPartnerUserRef()}/transactions";
        using var client = simulator.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "?pageSize=0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.Jwt("GET", path).Sign(simulator.ApiKey));

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errorType").GetString());
    }

    /// <summary>The transactions of one page for <paramref name="partnerUserRef"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> PollAsync(SimulatorFixture simulator, string partnerUserRef, string query) =>
        (await PageAsync(simulator, partnerUserRef, query)).GetProperty("transactions").EnumerateArray().ToList();

    private static async Task<JsonElement> PageAsync(SimulatorFixture simulator, string partnerUserRef, string query)
    {
        var path = $"/onramp/v1/buy/user/{partnerUserRef}/transactions";
        using var client = simulator.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.Jwt("GET", path).Sign(simulator.ApiKey));
        using var response = await client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
