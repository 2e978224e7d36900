using IndieGent.Chain;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// Relay <paramref name="Authorization"/> (an EIP-3009 authorization the Wallet signed from the
/// custodial wallet of <paramref name="AgentId"/>) for <paramref name="Id"/>, with the Ledger's
/// <paramref name="Ticket"/> naming it: the platform's relayer sends it and pays the gas.
/// </summary>
/// <param name="Payment">For <see cref="RelayPurpose.Payment"/>: what its credential needs.</param>
public sealed record RelayRequest(Guid Id, RelayPurpose Purpose, Guid AgentId, RelayedAuthorization Authorization, string Ticket,
    RelayedPayment? Payment);
