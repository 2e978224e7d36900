namespace IndieGent.ServiceDefaults.Identity;

/// <summary>
/// Who called, as the Gateway established it from an API key and forwards to the services in
/// <see cref="ForwardedIdentityDefaults.HeaderName"/>. Services never see the API key itself.
/// </summary>
/// <param name="Role">One of <see cref="IdentityRoles"/>.</param>
/// <param name="OperatorId">The operator the key belongs to; null for admin and gateway identities.</param>
/// <param name="AgentId">The agent, for agent keys only.</param>
/// <param name="KeyId">The public id of the API key (never the secret), for audit.</param>
/// <param name="IssuedAt">When the Gateway signed the header; headers older than the allowed skew are refused.</param>
public sealed record ForwardedIdentity(string Role, Guid? OperatorId, Guid? AgentId, string KeyId, DateTimeOffset IssuedAt);
