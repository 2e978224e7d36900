using IndieGent.Wallet.Relaying;
using IndieGent.Wallet.Signing;

namespace IndieGent.Wallet.Api.Relaying;

/// <summary>A version the relayer signed for a relay, or a refusal with a human reason.</summary>
public sealed record RelayOutcome(IssuedRelay? Relay, SignedRelayVersion? Version, SigningRefusal? Refusal, string? Detail)
{
    public bool Signed => Version is not null;

    public static RelayOutcome Success(IssuedRelay relay, SignedRelayVersion version) => new(relay, version, null, null);

    public static RelayOutcome Refused(SigningRefusal refusal, string detail) => new(null, null, refusal, detail);
}
