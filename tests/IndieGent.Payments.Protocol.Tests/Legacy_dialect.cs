using System.Numerics;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>The older IndieGent dialect: <c>type="exact"</c> challenges, hash credentials, parameter-list receipts.</summary>
public sealed class Legacy_dialect
{
    private const string Header = "Payment type=\"exact\", chain=\"base\", currency=\"USDC\", amount=\"10000\", address=\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\", maxAge=300";
    private static readonly EvmAddress BaseUsdc = EvmAddress.Parse("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
    private static readonly Bytes32 TxHash = Bytes32.Parse("0x1a2b3c4d5e6f7890abcdef1234567890abcdef1234567890abcdef1234567890");

    [Fact]
    public void The_documented_challenge_parses()
    {
        var challenge = LegacyPaymentChallenge.Parse(Header);

        Assert.Equal(("exact", "base", "USDC", new BigInteger(10_000), 300), (challenge.Type, challenge.Chain, challenge.Currency, challenge.Amount, challenge.MaxAgeSeconds));
        Assert.Equal(EvmAddress.Parse("0x209693bc6afc0c5328ba36faf03c514ef312287c"), challenge.Address);
    }

    [Fact]
    public void It_is_recognised_by_its_type_parameter_and_missing_request()
    {
        var set = PaymentChallenge.ParseAll([Header]);

        Assert.Empty(set.Challenges);
        Assert.Empty(set.Errors);
        Assert.Single(set.LegacyDialect);
    }

    [Fact]
    public void It_maps_to_an_evm_charge_paid_by_hash_through_configured_names()
    {
        var directory = EvmNetworkDirectory.CreateDefault().AddToken(8453, "usdc", BaseUsdc);

        Assert.True(LegacyPaymentChallenge.Parse(Header).TryMapToEvmCharge(directory, out var request));

        Assert.Equal(8453, request!.MethodDetails.ChainId);
        Assert.Equal(BaseUsdc, request.Currency);
        Assert.Equal(new BigInteger(10_000), request.Amount);
        Assert.Equal([EvmCredentialTypes.Hash], request.MethodDetails.EffectiveCredentialTypes);
    }

    [Theory]
    [InlineData("base-sepolia", 84532)]
    [InlineData("local", 31337)]
    [InlineData("BASE", 8453)]
    public void The_default_chain_names_are_the_documented_ones(string name, long chainId)
    {
        Assert.True(EvmNetworkDirectory.CreateDefault().TryGetChainId(name, out var id));
        Assert.Equal(chainId, id);
    }

    [Fact]
    public void An_unknown_chain_or_an_unconfigured_currency_is_not_payable()
    {
        var challenge = LegacyPaymentChallenge.Parse(Header);

        Assert.False(challenge.TryMapToEvmCharge(EvmNetworkDirectory.CreateDefault(), out _));
        Assert.False((challenge with { Chain = "moonchain" }).TryMapToEvmCharge(EvmNetworkDirectory.CreateDefault().AddToken(8453, "USDC", BaseUsdc), out _));
    }

    [Fact]
    public void The_retry_is_formatted_in_the_same_dialect()
    {
        var credential = LegacyPaymentCredential.For(LegacyPaymentChallenge.Parse(Header), TxHash);

        Assert.Equal("Payment credential=\"0x1a2b3c4d5e6f7890abcdef1234567890abcdef1234567890abcdef1234567890\", chain=\"base\", currency=\"USDC\"", credential.Format());
        Assert.Equal(credential, LegacyPaymentCredential.Parse(credential.Format()));
    }

    [Fact]
    public void The_receipt_is_a_bare_parameter_list()
    {
        var receipt = LegacyPaymentReceipt.Parse("status=\"success\", txHash=\"0x1a2b3c4d5e6f7890abcdef1234567890abcdef1234567890abcdef1234567890\"");

        Assert.Equal(new LegacyPaymentReceipt("success", TxHash), receipt);
        Assert.Equal(receipt, LegacyPaymentReceipt.Parse(receipt.Format()));
    }

    [Theory]
    [InlineData("Payment type=\"exact\", chain=\"base\", currency=\"USDC\", amount=\"-5\", address=\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\"")]
    [InlineData("Payment type=\"upto\", chain=\"base\", currency=\"USDC\", amount=\"5\", address=\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\"")]
    [InlineData("Payment type=\"exact\", chain=\"base\", currency=\"USDC\", amount=\"5\"")]
    [InlineData("Payment type=\"exact\", chain=\"base\", chain=\"local\", currency=\"USDC\", amount=\"5\", address=\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\"")]
    [InlineData("Payment type=\"exact\", chain=\"base\", currency=\"USDC\", amount=\"5\", address=\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\", maxAge=0")]
    public void Invalid_dialect_challenges_are_refused(string header)
    {
        Assert.Throws<PaymentProtocolException>(() => LegacyPaymentChallenge.Parse(header));
    }

    [Fact]
    public void A_dialect_challenge_formats_and_parses_back()
    {
        var challenge = LegacyPaymentChallenge.Parse(Header);

        Assert.Equal(challenge, LegacyPaymentChallenge.Parse(challenge.Format()));
    }
}
