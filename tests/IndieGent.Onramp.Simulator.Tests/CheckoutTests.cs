using System.Net;
using System.Numerics;
using System.Text.RegularExpressions;
using IndieGent.Onramp.Simulator.Apis;

namespace IndieGent.Onramp.Simulator.Tests;

public sealed partial class CheckoutTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pay_on_the_checkout_page_mints_the_purchase_to_the_destination_redirects_and_sends_signed_webhooks()
    {
        var destination = SimulatorFixture.NewDestination();
        var partnerUserRef = SimulatorFixture.NewPartnerUserRef();
        var (sessionId, onrampUrl) = await simulator.NewSessionAsync(destination, partnerUserRef, Ct, redirectUrl: "https://partner.example/done?x=1");
        var cookies = new CookieContainer();
        using var browser = simulator.Client(cookies: cookies);

        var page = await browser.GetStringAsync(onrampUrl, Ct);
        Assert.Contains(destination.ToChecksumHex(), page);
        Assert.Contains("98.900000", page);
        using var paid = await browser.PostAsync(FormAction(page), new FormUrlEncodedContent(HiddenFields(page)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal("https://partner.example/done?x=1", paid.Headers.Location?.AbsoluteUri);
        Assert.Equal(new BigInteger(98_900_000), await simulator.BalanceAsync(destination, Ct));
        var session = await simulator.SessionAsync(sessionId, Ct);
        Assert.Equal(SessionView.Succeeded, session.State);

        var webhooks = await simulator.Webhooks.WaitForAsync(partnerUserRef, 2, Ct);
        Assert.Equal(["onramp.transaction.created", "onramp.transaction.success"], webhooks.Select(w => w.EventType));
        Assert.All(webhooks, w => Assert.True(Hook0Verifier.IsValid(w.Signature, w.Headers, w.Body, simulator.WebhookSecret, DateTimeOffset.UtcNow)));
        Assert.All(webhooks, w => Assert.Equal(w.EventType, w.Field("eventType")));
        Assert.NotEqual(webhooks[0].EventId, webhooks[1].EventId);
        var success = webhooks[1];
        Assert.Equal(session.TxHash, success.Field("txHash"));
        Assert.Equal(session.TransactionId, success.Field("transactionId"));
        Assert.Equal("ONRAMP_TRANSACTION_STATUS_SUCCESS", success.Field("status"));
        Assert.Equal("98.900000", success.Json.GetProperty("purchaseAmount").GetProperty("value").GetString());
        Assert.Equal("USDC", success.Json.GetProperty("purchaseAmount").GetProperty("currency").GetString());
        Assert.Equal("100.00", success.Json.GetProperty("paymentTotal").GetProperty("value").GetString());
        Assert.Equal("base", success.Field("purchaseNetwork"));
        Assert.Equal(destination.ToChecksumHex(), success.Field("walletAddress"));
        Assert.Equal(partnerUserRef, success.Field("partnerUserRef"));
        Assert.Equal("ONRAMP_TRANSACTION_STATUS_CREATED", webhooks[0].Field("status"));
    }

    [Fact]
    public async Task Pay_without_the_anti_forgery_token_is_refused_and_mints_nothing()
    {
        var destination = SimulatorFixture.NewDestination();
        var (sessionId, onrampUrl) = await simulator.NewSessionAsync(destination, SimulatorFixture.NewPartnerUserRef(), Ct);
        using var browser = simulator.Client(cookies: new CookieContainer());
        var page = await browser.GetStringAsync(onrampUrl, Ct);

        using var forged = await browser.PostAsync(FormAction(page), new FormUrlEncodedContent([]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(SessionView.AwaitingPayment, (await simulator.SessionAsync(sessionId, Ct)).State);
        Assert.Equal(BigInteger.Zero, await simulator.BalanceAsync(destination, Ct));
    }

    [Fact]
    public async Task An_onramp_url_is_single_use_a_second_pay_is_a_conflict_and_mints_nothing_more()
    {
        var destination = SimulatorFixture.NewDestination();
        var (_, onrampUrl) = await simulator.NewSessionAsync(destination, SimulatorFixture.NewPartnerUserRef(), Ct);
        using var browser = simulator.Client(cookies: new CookieContainer());
        var page = await browser.GetStringAsync(onrampUrl, Ct);
        var fields = HiddenFields(page);

        using var first = await browser.PostAsync(FormAction(page), new FormUrlEncodedContent(fields), Ct);
        using var second = await browser.PostAsync(FormAction(page), new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(new BigInteger(98_900_000), await simulator.BalanceAsync(destination, Ct));
    }

    [Fact]
    public async Task A_session_without_an_amount_asks_for_it_at_checkout_and_charges_the_fees_on_it()
    {
        var destination = SimulatorFixture.NewDestination();
        var (_, onrampUrl) = await simulator.NewSessionAsync(destination, SimulatorFixture.NewPartnerUserRef(), Ct, amount: null);
        using var browser = simulator.Client(cookies: new CookieContainer());
        var page = await browser.GetStringAsync(onrampUrl, Ct);
        Assert.Contains("name=\"paymentAmount\"", page);

        using var paid = await browser.PostAsync(FormAction(page),
            new FormUrlEncodedContent(HiddenFields(page).Append(new("paymentAmount", "20.00"))), Ct);

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal(new BigInteger(19_700_000), await simulator.BalanceAsync(destination, Ct));
    }

    [Fact]
    public async Task An_unknown_checkout_is_a_404()
    {
        using var browser = simulator.Client();

        using var response = await browser.GetAsync("/checkout/0000", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string FormAction(string page) => WebUtility.HtmlDecode(FormActionPattern().Match(page).Groups["action"].Value);

    private static IEnumerable<KeyValuePair<string, string>> HiddenFields(string page) =>
        HiddenFieldPattern().Matches(page).Select(m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)));

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormActionPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenFieldPattern();
}
