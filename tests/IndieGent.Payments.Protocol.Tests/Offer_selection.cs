using System.Numerics;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>Protocol-neutral offers from MPP, the dialect and x402, and how a payer picks one.</summary>
public sealed class Offer_selection
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly EvmAddress SepoliaUsdc = EvmAddress.Parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e");
    private static readonly EvmAddress BaseUsdc = EvmAddress.Parse("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
    private static readonly EvmAddress Merchant = EvmAddress.Parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C");

    private static readonly EvmNetworkDirectory Directory = EvmNetworkDirectory.CreateDefault().AddToken(8453, "USDC", BaseUsdc);

    private static string Mpp(string id, long chainId, EvmAddress asset, BigInteger amount, IReadOnlyList<string>? types = null, DateTimeOffset? expires = null) =>
        PaymentChallenge.Create(id, "api.example.com", "evm", "charge", new EvmChargeRequest(amount, asset, Merchant, new EvmMethodDetails(chainId, types)).ToJson(), expires ?? Now.AddMinutes(5)).Format();

    private static PaymentOfferSet Read(IEnumerable<string> wwwAuthenticate, string? paymentRequired = null) =>
        new PaymentOfferReader(Directory, new ManualTimeProvider(Now)).Read(wwwAuthenticate, paymentRequired);

    private static readonly string X402 = X402PaymentRequired.Create(
        new X402ResourceInfo("https://api.example.com/search", "Search"),
        [X402PaymentRequirements.CreateExactEvm(84532, 900, SepoliaUsdc, Merchant, 60, "USDC", "2")]).Format();

    private static PaymentOfferSelector Selector(params (long, EvmAddress)[] assets)
    {
        var capabilities = new PayerCapabilities();
        foreach (var (chain, asset) in assets)
            capabilities.AddAsset(chain, asset);
        return new PaymentOfferSelector(capabilities, new ManualTimeProvider(Now));
    }

    [Fact]
    public void Offers_from_all_three_protocols_come_out_in_server_order()
    {
        var set = Read(
            [
                Mpp("first", 84532, SepoliaUsdc, 1_000, [EvmCredentialTypes.Authorization]) + ", Bearer realm=\"x\"",
                "Payment id=\"t\", realm=\"r\", method=\"tempo\", intent=\"charge\", request=\"e30\"",
                "Payment type=\"exact\", chain=\"base\", currency=\"USDC\", amount=\"10000\", address=\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\", maxAge=300",
            ],
            X402);

        Assert.Equal([PaymentProtocol.Mpp, PaymentProtocol.IndieGentLegacy, PaymentProtocol.X402V2], set.Offers.Select(o => o.Protocol));
        Assert.Equal([0, 1, 2], set.Offers.Select(o => o.ServerOrder));
        Assert.Equal(Now.AddSeconds(300), set.Offers[1].ExpiresAt);
        Assert.Equal((8453L, BaseUsdc, new BigInteger(10_000)), (set.Offers[1].ChainId, set.Offers[1].Asset, set.Offers[1].Amount));
        Assert.Equal([EvmCredentialTypes.Authorization], set.Offers[2].CredentialTypes);
        Assert.Equal("MPP tempo/charge", Assert.Single(set.Unsupported));
        Assert.Empty(set.Errors);
    }

    [Fact]
    public void A_challenge_asking_for_a_field_other_than_payment_authorization_is_not_paid()
    {
        var binder = ChallengeIdBinder.FromSecret("header-test-secret-of-at-least-thirty-two-bytes");
        var request = new EvmChargeRequest(1_000, SepoliaUsdc, Merchant, new EvmMethodDetails(84532, [EvmCredentialTypes.Authorization])).ToJson();
        var asking = binder.Issue("api.example.com", "evm", "charge", request, Now.AddMinutes(5), credentialHeader: PaymentHeaderNames.PaymentAuthorization);
        var other = asking.Format().Replace("header=\"Payment-Authorization\"", "header=\"X-Api-Payment\"", StringComparison.Ordinal);

        var set = Read([asking.Format(), other]);

        Assert.Equal(PaymentHeaderNames.PaymentAuthorization, Assert.Single(set.Offers).MppChallenge!.CredentialField);
        Assert.Contains("X-Api-Payment", Assert.Single(set.Unsupported), StringComparison.Ordinal);
        Assert.Null(PaymentChallenge.Parse(other).CredentialField);
        Assert.Throws<ArgumentException>(() => binder.Issue("api.example.com", "evm", "charge", request, credentialHeader: "X-Api-Payment"));
        Assert.True(binder.Verify(PaymentChallenge.Parse(asking.Format())));
    }

    [Fact]
    public void X402_entries_paid_through_permit2_are_offers_of_permit2_and_unknown_transfer_methods_are_not()
    {
        static string Exact(string method) =>
            $$$"""{"scheme":"exact","network":"eip155:84532","amount":"900","asset":"{{{SepoliaUsdc}}}","payTo":"{{{Merchant}}}","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2","assetTransferMethod":"{{{method}}}"}}""";
        var upto = X402PaymentRequirements.CreateUptoEvm(84532, 900, SepoliaUsdc, Merchant, 60, "USDC", "2", Merchant).Json.GetRawText();
        var offer = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"x402Version":2,"resource":{"url":"https://api.example.com/x"},"accepts":[{{{Exact("eip3009")}}},{{{Exact("permit2")}}},{{{upto}}},{{{Exact("erc7710")}}}]}"""));

        var set = Read([], offer);

        Assert.Equal([[EvmCredentialTypes.Authorization], [EvmCredentialTypes.Permit2], [EvmCredentialTypes.Permit2]], set.Offers.Select(o => o.CredentialTypes.ToArray()));
        Assert.Equal(["exact", "exact", "upto"], set.Offers.Select(o => o.Intent));
        Assert.Contains("exact", Assert.Single(set.Unsupported), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_offers_are_reported_and_never_thrown()
    {
        var set = Read(["Payment id=\"\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\"", "Payment \"\"\"\\"], "not base64!");

        Assert.Empty(set.Offers);
        Assert.Equal(3, set.Errors.Count);
    }

    [Fact]
    public void Without_preferences_the_first_payable_offer_in_server_order_wins()
    {
        var set = Read([Mpp("a", 84532, SepoliaUsdc, 1_000, [EvmCredentialTypes.Authorization])], X402);

        var selection = Selector((84532, SepoliaUsdc)).Select(set.Offers);

        Assert.Equal("a", selection!.Offer.MppChallenge!.Id);
        Assert.Equal(EvmCredentialTypes.Authorization, selection.CredentialType);
    }

    [Fact]
    public void Accept_payment_weights_reorder_and_q_zero_excludes()
    {
        var offers = Read([Mpp("a", 84532, SepoliaUsdc, 1_000, [EvmCredentialTypes.Authorization])], X402).Offers;
        var selector = Selector((84532, SepoliaUsdc));

        Assert.Equal(PaymentProtocol.X402V2, selector.Select(offers, AcceptPayment.Parse("evm/charge;q=0.5, x402/*"))!.Offer.Protocol);
        Assert.Equal(PaymentProtocol.Mpp, selector.Select(offers, AcceptPayment.Parse("*/*;q=0.2, evm/charge"))!.Offer.Protocol);
        Assert.Equal([PaymentProtocol.X402V2], selector.Rank(offers, AcceptPayment.Parse("evm/charge;q=0, */*")).Select(s => s.Offer.Protocol));
        Assert.Null(selector.Select(offers, AcceptPayment.Parse("stripe/charge")));
    }

    [Fact]
    public void Offers_on_unknown_chains_or_tokens_expired_or_without_a_common_credential_type_are_skipped()
    {
        var offers = Read(
        [
            Mpp("unknown-chain", 1, SepoliaUsdc, 1_000),
            Mpp("unknown-token", 84532, BaseUsdc, 1_000),
            Mpp("expired", 84532, SepoliaUsdc, 1_000, expires: Now.AddSeconds(2)),
            Mpp("permit2-only", 84532, SepoliaUsdc, 1_000, [EvmCredentialTypes.Permit2]),
            Mpp("payable", 84532, SepoliaUsdc, 1_000, [EvmCredentialTypes.Permit2, EvmCredentialTypes.Transaction]),
        ]).Offers;

        var ranked = Selector((84532, SepoliaUsdc)).Rank(offers);

        var only = Assert.Single(ranked);
        Assert.Equal("payable", only.Offer.MppChallenge!.Id);
        Assert.Equal(EvmCredentialTypes.Transaction, only.CredentialType);
    }

    [Fact]
    public void A_split_request_can_only_be_paid_with_permit2()
    {
        var split = new EvmChargeRequest(1_000, SepoliaUsdc, Merchant, new EvmMethodDetails(84532, [EvmCredentialTypes.Permit2, EvmCredentialTypes.Authorization], Splits: [new EvmSplit(Merchant, 10)]));
        var offer = PaymentOfferReader.FromMpp(PaymentChallenge.Create("s", "r", "evm", "charge", split.ToJson(), Now.AddMinutes(5)));

        Assert.Equal([EvmCredentialTypes.Permit2], offer.CredentialTypes);
        Assert.Null(Selector((84532, SepoliaUsdc)).Select([offer]));
    }

    [Theory]
    [InlineData("tempo/charge, tempo/session, stripe/charge;q=0.5, solana/charge;q=0.3", "stripe", "charge", 500)]
    [InlineData("tempo/*, solana/*;q=0.6, */session;q=0.3", "solana", "charge", 600)]
    [InlineData("tempo/*, solana/*;q=0.6, */session;q=0.3", "tempo", "session", 1000)]
    [InlineData("tempo/*, solana/*;q=0.6, */session;q=0.3", "stripe", "session", 300)]
    [InlineData("tempo/charge, tempo/session;q=0, solana/charge", "tempo", "session", 0)]
    [InlineData("*/*;q=0.1, evm/charge;Q=1.000", "evm", "charge", 1000)]
    public void Accept_payment_uses_the_most_specific_matching_range(string header, string method, string intent, int quality)
    {
        var preferences = AcceptPayment.Parse(header);

        Assert.Equal(quality, preferences.GetQuality(method, intent));
        Assert.Equal(preferences.Ranges, AcceptPayment.Parse(preferences.ToString()).Ranges);
    }

    [Theory]
    [InlineData("tempo")]
    [InlineData("tempo/charge;q=2")]
    [InlineData("tempo/charge;q=0.5000")]
    [InlineData("Tempo/charge")]
    [InlineData("tempo/charge;level=1")]
    public void Malformed_accept_payment_is_refused(string header)
    {
        Assert.Equal(PaymentProtocolErrorCode.MalformedHeader, Assert.Throws<PaymentProtocolException>(() => AcceptPayment.Parse(header)).Code);
    }
}
