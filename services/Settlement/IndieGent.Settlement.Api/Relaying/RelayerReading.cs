using System.Numerics;
using IndieGent.Chain;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>The relayer at one moment: balance and floor in wei, open relays.</summary>
public sealed record RelayerReading(EvmAddress Address, BigInteger BalanceWei, BigInteger MinimumBalanceWei, int PendingRelays)
{
    public bool BelowMinimum => BalanceWei < MinimumBalanceWei;
}
