using IndieGent.Chain;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// Relay <paramref name="Authorization"/> (an EIP-3009 authorization the Wallet signed from the
/// custodial wallet of <paramref name="AgentId"/>) — or, for <see cref="RelayPurpose.Permit2Allowance"/>,
/// <paramref name="Permit"/> (the wallet's EIP-2612 permit for Permit2) — for <paramref name="Id"/>, with the
/// Ledger's <paramref name="Ticket"/> naming it: the platform's relayer sends it and pays the gas.
/// </summary>
/// <param name="Payment">For <see cref="RelayPurpose.Payment"/>: what its credential needs.</param>
/// <param name="PermitNonce">For a permit: the owner's token nonce it was signed at (once it has moved on, the permit is used).</param>
public sealed record RelayRequest(Guid Id, RelayPurpose Purpose, Guid AgentId, RelayedAuthorization? Authorization, string Ticket,
    RelayedPayment? Payment, RelayedPermit? Permit = null, System.Numerics.BigInteger PermitNonce = default);
