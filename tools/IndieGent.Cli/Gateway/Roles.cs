namespace IndieGent.Cli.Gateway;

/// <summary>What kind of key is in use, as the gateway tells (an operator key lists agents; an agent key may not).</summary>
public static class Roles
{
    public const string Operator = "operator";
    public const string Agent = "agent";
}
