using IndieGent.Chain;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Treasuries;

namespace IndieGent.Wallet.Transfers;

/// <summary>What kind of custodial wallet one end of a relayed transfer is.</summary>
public enum TransferPartyKind
{
    Agent,
    Treasury,

    /// <summary>The platform's marketplace settlement wallet (agents' marketplace spend in, provider payouts out).</summary>
    MarketplaceSettlement,
}

/// <summary>One end of a relayed transfer between custodial wallets: an agent's, its operator's treasury, or the marketplace settlement wallet.</summary>
/// <param name="OperatorId">The owning operator (<see cref="Guid.Empty"/> for the platform's own wallet).</param>
public sealed record TransferParty(Guid WalletId, Guid OperatorId, EvmAddress Address, bool Disabled, TransferPartyKind Kind = TransferPartyKind.Agent)
{
    public static TransferParty From(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new(agent.Id, agent.OperatorId, EvmAddress.Parse(agent.WalletAddress), agent.Disabled);
    }

    public static TransferParty From(Treasury treasury)
    {
        ArgumentNullException.ThrowIfNull(treasury);
        return new(treasury.Id, treasury.OperatorId, EvmAddress.Parse(treasury.Address), Disabled: false, TransferPartyKind.Treasury);
    }

    /// <summary>The marketplace settlement wallet; null for any other platform wallet (the relayer is never a party: it only pays gas).</summary>
    public static TransferParty? From(PlatformWallet wallet)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        return wallet.Role == PlatformWallet.MarketplaceSettlement
            ? new(wallet.Id, Guid.Empty, EvmAddress.Parse(wallet.Address), Disabled: false, TransferPartyKind.MarketplaceSettlement)
            : null;
    }

    /// <summary>The custodial wallet with one id, from whichever of its documents exists.</summary>
    public static TransferParty? Of(Agent? agent, Treasury? treasury, PlatformWallet? platform) =>
        agent is not null ? From(agent) : treasury is not null ? From(treasury) : platform is not null ? From(platform) : null;
}
