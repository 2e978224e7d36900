namespace IndieGent.Wallet.Relaying;

/// <summary>
/// A relayer nonce bound to one relay (id = <c>relayer:nonce</c>), inserted in the commit of the
/// relay's first signature: a second relay at a taken nonce fails to insert and is refused, so the
/// Wallet never signs two relays at one nonce whatever its caller asks.
/// </summary>
public sealed record RelayerNonceClaim(string Id, Guid RelayId)
{
    public static string IdOf(string relayer, long nonce) => $"{relayer.ToLowerInvariant()}:{nonce}";
}
