using IndieGent.Payments.Protocol.Evm;

namespace IndieGent.Payments.Protocol.Offers;

/// <summary>
/// What the paying side can do: which (chain, token) pairs it holds, which credential types it can
/// produce, which protocols it speaks. A client must not pay on a chain or in a currency it does not
/// know, nor an expired challenge.
/// </summary>
public sealed class PayerCapabilities
{
    private readonly HashSet<(long ChainId, EvmAddress Asset)> _assets = [];

    /// <summary>Credential types the payer can produce; IndieGent signs EIP-3009 authorizations, signs transactions and broadcasts.</summary>
    public ISet<string> CredentialTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        EvmCredentialTypes.Authorization,
        EvmCredentialTypes.Transaction,
        EvmCredentialTypes.Hash,
    };

    /// <summary>Protocols the payer answers.</summary>
    public ISet<PaymentProtocol> Protocols { get; } = new HashSet<PaymentProtocol>
    {
        PaymentProtocol.Mpp,
        PaymentProtocol.IndieGentLegacy,
        PaymentProtocol.X402V2,
        PaymentProtocol.X402V1,
    };

    /// <summary>Validity that must remain on an offer for the payment to arrive in time.</summary>
    public TimeSpan MinimumRemainingValidity { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Declares a token the payer holds on a chain.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="asset">The token.</param>
    /// <returns>These capabilities.</returns>
    public PayerCapabilities AddAsset(long chainId, EvmAddress asset)
    {
        _assets.Add((chainId, asset));
        return this;
    }

    /// <summary>Whether the payer holds a token on a chain.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="asset">The token.</param>
    /// <returns><see langword="true"/> when declared.</returns>
    public bool Holds(long chainId, EvmAddress asset) => _assets.Contains((chainId, asset));
}
