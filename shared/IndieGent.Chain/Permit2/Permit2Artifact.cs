namespace IndieGent.Chain.Permit2;

/// <summary>
/// The compiled Permit2 (<c>contracts/out/Permit2.json</c>, embedded in this assembly): its ABI and
/// bytecode, and which compiler and source produced them. Same format as <see cref="TokenArtifact"/>.
/// </summary>
public sealed class Permit2Artifact
{
    private const string _resourceName = "IndieGent.Chain.Permit2.json";

    private static readonly Lazy<Permit2Artifact> _embedded = new(LoadEmbedded);

    private Permit2Artifact(TokenArtifact parsed)
    {
        ContractName = parsed.ContractName;
        Abi = parsed.Abi;
        Bytecode = parsed.Bytecode;
        DeployedBytecode = parsed.DeployedBytecode;
        CompilerVersion = parsed.CompilerVersion;
        SourceKeccak256 = parsed.SourceKeccak256;
    }

    /// <summary>The Permit2 artifact embedded in this assembly.</summary>
    public static Permit2Artifact Embedded => _embedded.Value;

    /// <summary>The Solidity contract name, <c>Permit2</c>.</summary>
    public string ContractName { get; }

    /// <summary>The contract ABI as a JSON array.</summary>
    public string Abi { get; }

    /// <summary>Creation bytecode, <c>0x</c>-prefixed hex (the constructor takes no arguments).</summary>
    public string Bytecode { get; }

    /// <summary>
    /// Runtime bytecode, <c>0x</c>-prefixed hex. Permit2 has no immutables, so this is exactly the code
    /// a deployment leaves on chain, and it may be placed at any address (see <see cref="Permit2Deployer.SetCodeAsync"/>).
    /// </summary>
    public string DeployedBytecode { get; }

    /// <summary>The solc version that produced the bytecode, e.g. <c>0.8.37+commit.f401782d…</c>.</summary>
    public string CompilerVersion { get; }

    /// <summary>keccak256 of the Solidity source the artifact was compiled from, <c>0x</c>-prefixed.</summary>
    public string SourceKeccak256 { get; }

    /// <summary>Reads an artifact in the format <c>contracts/build.mjs</c> writes.</summary>
    /// <exception cref="InvalidDataException">A required field is missing.</exception>
    public static Permit2Artifact Parse(string json) => new(TokenArtifact.Parse(json));

    private static Permit2Artifact LoadEmbedded()
    {
        using var stream = typeof(Permit2Artifact).Assembly.GetManifestResourceStream(_resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {_resourceName} is missing; run `node contracts/build.mjs`.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
