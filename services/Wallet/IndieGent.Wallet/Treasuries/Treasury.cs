namespace IndieGent.Wallet.Treasuries;

/// <summary>
/// An operator's treasury: a custodial wallet like an agent's (its key in an
/// <see cref="Custody.AgentKeyEnvelope"/> under the same id, sealed and re-wrapped like an agent's),
/// from which the operator funds its agents and to which it takes money back. One per operator, id
/// <see cref="Contracts.Treasuries.TreasuryIds.Of"/> of the operator, so replicas racing to create it
/// insert under one id and only one key is ever kept.
/// </summary>
/// <param name="Address">EIP-55 address.</param>
public sealed record Treasury(Guid Id, Guid OperatorId, string Address, DateTimeOffset CreatedAt);
