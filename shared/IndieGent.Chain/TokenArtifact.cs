using System.Text.Json;

namespace IndieGent.Chain;

/// <summary>
/// The compiled IndieUSDC token (<c>contracts/out/IndieUSDC.json</c>, embedded in this assembly):
/// its ABI and bytecode, and which compiler and source produced them.
/// </summary>
public sealed class TokenArtifact
{
    private const string _resourceName = "IndieGent.Chain.IndieUSDC.json";

    private static readonly Lazy<TokenArtifact> _embedded = new(LoadEmbedded);

    private TokenArtifact(string contractName, string abi, string bytecode, string deployedBytecode, string compilerVersion, string sourceKeccak256)
    {
        ContractName = contractName;
        Abi = abi;
        Bytecode = bytecode;
        DeployedBytecode = deployedBytecode;
        CompilerVersion = compilerVersion;
        SourceKeccak256 = sourceKeccak256;
    }

    /// <summary>The IndieUSDC artifact embedded in this assembly.</summary>
    public static TokenArtifact IndieUsdc => _embedded.Value;

    /// <summary>The Solidity contract name, <c>IndieUSDC</c>.</summary>
    public string ContractName { get; }

    /// <summary>The contract ABI as a JSON array.</summary>
    public string Abi { get; }

    /// <summary>Creation bytecode, <c>0x</c>-prefixed hex, without constructor arguments.</summary>
    public string Bytecode { get; }

    /// <summary>Runtime bytecode as compiled, <c>0x</c>-prefixed hex (immutables appear as zeros).</summary>
    public string DeployedBytecode { get; }

    /// <summary>The solc version that produced the bytecode, e.g. <c>0.8.37+commit.f401782d…</c>.</summary>
    public string CompilerVersion { get; }

    /// <summary>keccak256 of the Solidity source the artifact was compiled from, <c>0x</c>-prefixed.</summary>
    public string SourceKeccak256 { get; }

    /// <summary>Reads an artifact in the format <c>contracts/build.mjs</c> writes.</summary>
    /// <exception cref="InvalidDataException">A required field is missing.</exception>
    public static TokenArtifact Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new TokenArtifact(
            contractName: Required(root, "contractName").GetString()!,
            abi: Required(root, "abi").GetRawText(),
            bytecode: Required(root, "bytecode").GetString()!,
            deployedBytecode: Required(root, "deployedBytecode").GetString()!,
            compilerVersion: Required(Required(root, "compiler"), "version").GetString()!,
            sourceKeccak256: Required(Required(root, "source"), "keccak256").GetString()!);
    }

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new InvalidDataException($"The token artifact has no '{name}'.");

    private static TokenArtifact LoadEmbedded()
    {
        using var stream = typeof(TokenArtifact).Assembly.GetManifestResourceStream(_resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {_resourceName} is missing; run `node contracts/build.mjs`.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
