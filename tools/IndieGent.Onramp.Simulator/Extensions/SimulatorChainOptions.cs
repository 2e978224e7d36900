namespace IndieGent.Onramp.Simulator.Extensions;

/// <summary>The <c>Simulator:Chain</c> section: the local chain the simulator delivers USDC on.</summary>
public sealed class SimulatorChainOptions
{
    public const string Section = "Simulator:Chain";

    /// <summary>JSON-RPC endpoint of the chain.</summary>
    public string RpcUrl { get; set; } = "";

    /// <summary>Chain id the minting transactions are signed for.</summary>
    public long ChainId { get; set; }

    /// <summary>The test token (IndieUSDC) the simulator mints.</summary>
    public string TokenAddress { get; set; } = "";

    /// <summary>Private key of the token's owner, the only account allowed to mint.</summary>
    public string MinterKey { get; set; } = "";
}
