namespace IndieGent.Samples.AgentConsole;

/// <summary>Section <c>Agent</c>.</summary>
public sealed class AgentSettings
{
    public const string Section = "Agent";

    /// <summary>The IndieGent gateway (the AppHost passes it as service discovery: <c>services:gateway:http:0</c>).</summary>
    public Uri? Gateway { get; set; }

    /// <summary>The paid API (<c>services:paidapi:http:0</c> under the AppHost).</summary>
    public Uri? PaidApi { get; set; }

    /// <summary>The agent's API key. When empty, a development bootstrap creates a funded demo agent (see <see cref="DemoAgentBootstrap"/>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The most one call may cost, in base units (0.05 USDC).</summary>
    public long MaxAmount { get; set; } = 50_000;

    /// <summary>Pause between calls.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Development only: the operator the demo agent is created under (the AppHost's demo operator, whose
    /// dashboard sign-in link then shows the agent's payments). When empty, the bootstrap creates an operator.
    /// </summary>
    public string? OperatorApiKey { get; set; }

    /// <summary>Development only: the admin API key (to create the demo operator, when <see cref="OperatorApiKey"/> is empty).</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Development only: the local token owner's key (to mint the demo agent's USDC).</summary>
    public string? TokenOwnerKey { get; set; }

    /// <summary>Development only: the chain and token for minting.</summary>
    public Uri? RpcUrl { get; set; }

    public string? TokenAddress { get; set; }
}
