namespace IndieGent.Chain.X402;

/// <summary>
/// A compiled x402 Permit2 proxy (<c>contracts/out/X402UptoPermit2Proxy.json</c> or
/// <c>contracts/out/X402ExactPermit2Proxy.json</c>, embedded in this assembly): its ABI and bytecode, and
/// which compiler and source produced them. Same format as <see cref="TokenArtifact"/>.
/// </summary>
public sealed class X402ProxyArtifact
{
    private static readonly Lazy<X402ProxyArtifact> _upto = new(() => LoadEmbedded("IndieGent.Chain.X402UptoPermit2Proxy.json"));
    private static readonly Lazy<X402ProxyArtifact> _exact = new(() => LoadEmbedded("IndieGent.Chain.X402ExactPermit2Proxy.json"));

    private X402ProxyArtifact(TokenArtifact parsed)
    {
        ContractName = parsed.ContractName;
        Abi = parsed.Abi;
        Bytecode = parsed.Bytecode;
        DeployedBytecode = parsed.DeployedBytecode;
        CompilerVersion = parsed.CompilerVersion;
        SourceKeccak256 = parsed.SourceKeccak256;
    }

    /// <summary>The <c>upto</c> proxy, <c>X402UptoPermit2Proxy</c>, embedded in this assembly.</summary>
    public static X402ProxyArtifact Upto => _upto.Value;

    /// <summary>The <c>exact</c> proxy, <c>X402ExactPermit2Proxy</c>, embedded in this assembly.</summary>
    public static X402ProxyArtifact Exact => _exact.Value;

    /// <summary>The Solidity contract name, <c>X402UptoPermit2Proxy</c> or <c>X402ExactPermit2Proxy</c>.</summary>
    public string ContractName { get; }

    /// <summary>The contract ABI as a JSON array.</summary>
    public string Abi { get; }

    /// <summary>Creation bytecode, <c>0x</c>-prefixed hex, without the constructor argument (the Permit2 address).</summary>
    public string Bytecode { get; }

    /// <summary>
    /// Runtime bytecode as compiled, <c>0x</c>-prefixed hex. The Permit2 address is an immutable and appears
    /// here as zeros: a deployment's code differs, so code is copied from a deployment, not from this
    /// (see <see cref="X402UptoPermit2ProxyDeployer.PlaceAtAsync"/>).
    /// </summary>
    public string DeployedBytecode { get; }

    /// <summary>The solc version that produced the bytecode, e.g. <c>0.8.37+commit.f401782d…</c>.</summary>
    public string CompilerVersion { get; }

    /// <summary>keccak256 of the Solidity source the artifact was compiled from, <c>0x</c>-prefixed.</summary>
    public string SourceKeccak256 { get; }

    /// <summary>Reads an artifact in the format <c>contracts/build.mjs</c> writes.</summary>
    /// <exception cref="InvalidDataException">A required field is missing.</exception>
    public static X402ProxyArtifact Parse(string json) => new(TokenArtifact.Parse(json));

    private static X402ProxyArtifact LoadEmbedded(string resourceName)
    {
        using var stream = typeof(X402ProxyArtifact).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing; run `node contracts/build.mjs`.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
