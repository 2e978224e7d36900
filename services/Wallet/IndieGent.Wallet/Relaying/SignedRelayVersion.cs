namespace IndieGent.Wallet.Relaying;

/// <param name="Raw">0x-prefixed signed RLP: a bearer instrument until mined; never logged.</param>
public sealed record SignedRelayVersion(RelayKind Kind, string MaxFeePerGas, string MaxPriorityFeePerGas, string Raw, string Hash, DateTimeOffset SignedAt);
