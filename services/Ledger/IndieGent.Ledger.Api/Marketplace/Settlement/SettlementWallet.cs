namespace IndieGent.Ledger.Api.Marketplace.Settlement;

/// <summary>
/// The marketplace settlement wallet as the Wallet announced it (one document, id = the wallet's
/// fixed id): the destination of every sweep and the source of every payout.
/// </summary>
/// <param name="Address">0x, lower case.</param>
public sealed record SettlementWallet(Guid Id, string Address, DateTimeOffset AnnouncedAt);
