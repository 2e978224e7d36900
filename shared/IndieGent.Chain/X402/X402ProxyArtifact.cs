namespace IndieGent.Chain.X402;

/// <summary>
/// A compiled x402 Permit2 proxy (<c>contracts/out/X402UptoPermit2Proxy.json</c> or
/// <c>contracts/out/X402ExactPermit2Proxy.json</c>, embedded in this assembly): its ABI and bytecode, and
/// which compiler and source produced them. Same format as <see cref="TokenArtifact"/>. The creation bytecode
/// is without the constructor argument (the Permit2 address). The Permit2 address is an immutable and appears
/// in <see cref="ContractArtifact.DeployedBytecode"/> as zeros: a deployment's code differs, so code is copied
/// from a deployment, not from the artifact (see <see cref="X402UptoPermit2ProxyDeployer.PlaceAtAsync"/>).
/// </summary>
public sealed class X402ProxyArtifact : ContractArtifact
{
    private static readonly Lazy<X402ProxyArtifact> _upto = new(() => new(ReadEmbedded("IndieGent.Chain.X402UptoPermit2Proxy.json")));
    private static readonly Lazy<X402ProxyArtifact> _exact = new(() => new(ReadEmbedded("IndieGent.Chain.X402ExactPermit2Proxy.json")));

    private X402ProxyArtifact(TokenArtifact parsed)
        : base(parsed)
    {
    }

    /// <summary>The <c>upto</c> proxy, <c>X402UptoPermit2Proxy</c>, embedded in this assembly.</summary>
    public static X402ProxyArtifact Upto => _upto.Value;

    /// <summary>The <c>exact</c> proxy, <c>X402ExactPermit2Proxy</c>, embedded in this assembly.</summary>
    public static X402ProxyArtifact Exact => _exact.Value;

    /// <summary>Reads an artifact in the format <c>contracts/build.mjs</c> writes.</summary>
    /// <exception cref="InvalidDataException">A required field is missing.</exception>
    public static X402ProxyArtifact Parse(string json) => new(TokenArtifact.Parse(json));
}
