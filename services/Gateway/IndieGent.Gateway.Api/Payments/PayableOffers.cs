using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Payments;

/// <summary>
/// Reads the offers of a 402 and picks the one the platform pays: MPP evm/charge challenges (an
/// EIP-3009 <c>authorization</c>, a signed <c>transaction</c>, a broadcast transfer's <c>hash</c>, or a
/// <c>permit2</c> witness transfer — splits included — through the platform's Permit2 for the spender the challenge names),
/// x402 v2 <c>exact</c> (an EIP-3009 authorization) and the older dialect (a hash), in the server's
/// order of preference, in the configured token on the configured chain. Built once. (x402 v1 puts
/// its offer in the 402's body, which agents do not send: it is not paid through the platform.)
/// </summary>
public sealed class PayableOffers(IOptions<ChainSettings> chain, TimeProvider time)
{
    /// <summary>The dialect names the configured token by this symbol.</summary>
    public const string DialectCurrency = "USDC";

    private readonly EvmNetworkDirectory _directory = EvmNetworkDirectory.CreateDefault()
        .AddToken(chain.Value.ChainId, DialectCurrency, EvmAddress.Parse(chain.Value.TokenAddress));

    public ChainSettings Chain { get; } = chain.Value;

    public PayerCapabilities Capabilities { get; } = Build(chain.Value);

    public PaymentOfferSet Read(PaymentsApi.PayRequest body) =>
        new PaymentOfferReader(_directory, time).Read(body.WwwAuthenticate ?? [], body.PaymentRequired);

    public PaymentSelection? Select(PaymentOfferSet offers, string? acceptPayment) =>
        new PaymentOfferSelector(Capabilities, time).Select([.. offers.Offers.Select(Payable).OfType<PaymentOffer>()],
            acceptPayment is { Length: > 0 } accept ? TryParseAccept(accept) : null);

    private readonly EvmAddress _permit2 = EvmAddress.Parse(chain.Value.Permit2Address);

    // permit2 only where the platform can pay it: MPP (not x402's Permit2 schemes), through the platform's Permit2, for a named spender.
    private PaymentOffer? Payable(PaymentOffer offer)
    {
        if (!offer.CredentialTypes.Contains(EvmCredentialTypes.Permit2) ||
            offer.X402Requirements is null && offer.EvmRequest?.MethodDetails is { Spender: not null } details && details.EffectivePermit2Address == _permit2)
            return offer;
        var others = offer.CredentialTypes.Where(t => t != EvmCredentialTypes.Permit2).ToArray();
        return others.Length == 0 ? null : offer with { CredentialTypes = others };
    }

    private static PayerCapabilities Build(ChainSettings chain)
    {
        var capabilities = new PayerCapabilities().AddAsset(chain.ChainId, EvmAddress.Parse(chain.TokenAddress));
        capabilities.Protocols.Clear();
        capabilities.Protocols.Add(PaymentProtocol.Mpp);
        capabilities.Protocols.Add(PaymentProtocol.X402V2);
        capabilities.Protocols.Add(PaymentProtocol.IndieGentLegacy);
        capabilities.CredentialTypes.Clear();
        capabilities.CredentialTypes.Add(EvmCredentialTypes.Authorization);
        capabilities.CredentialTypes.Add(EvmCredentialTypes.Transaction);
        capabilities.CredentialTypes.Add(EvmCredentialTypes.Hash);
        capabilities.CredentialTypes.Add(EvmCredentialTypes.Permit2);
        return capabilities;
    }

    private static AcceptPayment? TryParseAccept(string value)
    {
        try
        {
            return AcceptPayment.Parse(value);
        }
        catch (PaymentProtocolException)
        {
            return null;
        }
    }
}
