namespace IndieGent.Contracts.Relaying;

/// <summary>
/// Response (Wallet → Settlement, <c>GET /internal/relayer</c>): the platform relayer's address,
/// the account that pays gas for relayed transfers. Public on chain anyway; its key never leaves the Wallet.
/// </summary>
public sealed record RelayerAccount(string Address);
