namespace IndieGent.Cli;

/// <summary>The gateway and the key in force for a run.</summary>
/// <param name="Role">operator, agent, or null when not known yet.</param>
public sealed record Credentials(Uri Gateway, string ApiKey, string? Role);
