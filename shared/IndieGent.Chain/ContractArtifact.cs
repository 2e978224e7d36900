namespace IndieGent.Chain;

/// <summary>
/// What a compiled contract embedded in this assembly carries, in the format <c>contracts/build.mjs</c> writes
/// (<c>contracts/out/&lt;Name&gt;.json</c>, the format of <see cref="TokenArtifact"/>): its ABI and bytecode, and
/// which compiler and source produced them. The base of <see cref="Permit2.Permit2Artifact"/> and
/// <see cref="X402.X402ProxyArtifact"/>.
/// </summary>
public abstract class ContractArtifact
{
    private protected ContractArtifact(TokenArtifact parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ContractName = parsed.ContractName;
        Abi = parsed.Abi;
        Bytecode = parsed.Bytecode;
        DeployedBytecode = parsed.DeployedBytecode;
        CompilerVersion = parsed.CompilerVersion;
        SourceKeccak256 = parsed.SourceKeccak256;
    }

    /// <summary>The Solidity contract name.</summary>
    public string ContractName { get; }

    /// <summary>The contract ABI as a JSON array.</summary>
    public string Abi { get; }

    /// <summary>Creation bytecode, <c>0x</c>-prefixed hex, without constructor arguments.</summary>
    public string Bytecode { get; }

    /// <summary>
    /// Runtime bytecode as compiled, <c>0x</c>-prefixed hex. Immutables appear as zeros: for a contract that
    /// has any, a deployment's code differs, and code to copy elsewhere is read from a deployment.
    /// </summary>
    public string DeployedBytecode { get; }

    /// <summary>The solc version that produced the bytecode, e.g. <c>0.8.37+commit.f401782d…</c>.</summary>
    public string CompilerVersion { get; }

    /// <summary>keccak256 of the Solidity source the artifact was compiled from (the contract's own file), <c>0x</c>-prefixed.</summary>
    public string SourceKeccak256 { get; }

    /// <summary>Reads and parses the artifact embedded in this assembly as <paramref name="resourceName"/>.</summary>
    /// <exception cref="InvalidOperationException">There is no such resource.</exception>
    /// <exception cref="InvalidDataException">A required field is missing.</exception>
    private protected static TokenArtifact ReadEmbedded(string resourceName)
    {
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing; run `node contracts/build.mjs`.");
        using var reader = new StreamReader(stream);
        return TokenArtifact.Parse(reader.ReadToEnd());
    }
}
