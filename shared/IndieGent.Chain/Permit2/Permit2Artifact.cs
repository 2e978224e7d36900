namespace IndieGent.Chain.Permit2;

/// <summary>
/// The compiled Permit2 (<c>contracts/out/Permit2.json</c>, embedded in this assembly): its ABI and
/// bytecode, and which compiler and source produced them. Same format as <see cref="TokenArtifact"/>.
/// The constructor takes no arguments, and Permit2 has no immutables, so <see cref="ContractArtifact.DeployedBytecode"/>
/// is exactly the code a deployment leaves on chain, and it may be placed at any address (see
/// <see cref="Permit2Deployer.SetCodeAsync"/>).
/// </summary>
public sealed class Permit2Artifact : ContractArtifact
{
    private static readonly Lazy<Permit2Artifact> _embedded = new(() => new(ReadEmbedded("IndieGent.Chain.Permit2.json")));

    private Permit2Artifact(TokenArtifact parsed)
        : base(parsed)
    {
    }

    /// <summary>The Permit2 artifact embedded in this assembly (contract name <c>Permit2</c>).</summary>
    public static Permit2Artifact Embedded => _embedded.Value;

    /// <summary>Reads an artifact in the format <c>contracts/build.mjs</c> writes.</summary>
    /// <exception cref="InvalidDataException">A required field is missing.</exception>
    public static Permit2Artifact Parse(string json) => new(TokenArtifact.Parse(json));
}
