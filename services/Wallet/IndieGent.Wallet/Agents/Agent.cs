namespace IndieGent.Wallet.Agents;

/// <summary>
/// An agent and the public half of its wallet. The encrypted private key lives in a separate
/// <see cref="Custody.AgentKeyEnvelope"/> document so that nothing that loads or returns an agent
/// can carry key material by accident.
/// </summary>
/// <param name="WalletAddress">EIP-55 address of the agent's custodial wallet.</param>
public sealed record Agent(Guid Id, Guid OperatorId, string Name, string WalletAddress, bool Disabled, DateTimeOffset CreatedAt)
{
    public const int MaxNameLength = 100;

    /// <summary>A name is required, printable and short; it shows up in dashboards and logs.</summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "A name is required."
        : name.Length > MaxNameLength ? $"A name has at most {MaxNameLength} characters."
        : name.Any(char.IsControl) ? "A name cannot contain control characters."
        : null;
}
