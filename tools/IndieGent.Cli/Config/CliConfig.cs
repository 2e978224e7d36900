namespace IndieGent.Cli.Config;

/// <summary>What <c>indiegent login</c> keeps: the gateway, the key, and what kind of key it is.</summary>
/// <param name="Role"><c>operator</c> or <c>agent</c>, as the gateway said at login.</param>
public sealed record CliConfig(string Url, string ApiKey, string? Role);
