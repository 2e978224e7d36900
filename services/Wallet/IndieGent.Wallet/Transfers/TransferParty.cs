using IndieGent.Chain;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Treasuries;

namespace IndieGent.Wallet.Transfers;

/// <summary>One end of a transfer between an operator's own custodial wallets: an agent's or its treasury.</summary>
public sealed record TransferParty(Guid WalletId, Guid OperatorId, EvmAddress Address, bool Disabled)
{
    public static TransferParty From(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new(agent.Id, agent.OperatorId, EvmAddress.Parse(agent.WalletAddress), agent.Disabled);
    }

    public static TransferParty From(Treasury treasury)
    {
        ArgumentNullException.ThrowIfNull(treasury);
        return new(treasury.Id, treasury.OperatorId, EvmAddress.Parse(treasury.Address), Disabled: false);
    }
}
