using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain;

/// <summary>The IndieUSDC creation transaction: the embedded bytecode plus <c>(name, symbol, version)</c>.</summary>
internal sealed class IndieUsdcDeployment() : ContractDeploymentMessage(TokenArtifact.IndieUsdc.Bytecode)
{
    [Parameter("string", "name_", 1)]
    public string Name { get; set; } = string.Empty;

    [Parameter("string", "symbol_", 2)]
    public string Symbol { get; set; } = string.Empty;

    [Parameter("string", "version_", 3)]
    public string Version { get; set; } = string.Empty;
}
