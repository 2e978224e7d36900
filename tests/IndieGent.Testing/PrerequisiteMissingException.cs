namespace IndieGent.Testing;

/// <summary>
/// Something a fixture needs is not installed on this machine. The message names it and says
/// how to install it (<c>./eng/prereqs.sh</c>), instead of a server that never answers.
/// </summary>
public sealed class PrerequisiteMissingException(string missing)
    : Exception($"{missing} is missing. Run ./eng/prereqs.sh from the repository root (as root it installs what is missing; otherwise it prints the command).")
{
    /// <summary>What is missing, e.g. <c>anvil (eng/tools/node_modules/...)</c>.</summary>
    public string Missing { get; } = missing;
}
