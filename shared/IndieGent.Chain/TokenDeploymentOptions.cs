using System.Numerics;

namespace IndieGent.Chain;

/// <summary>
/// Constructor arguments for an IndieUSDC deployment. The defaults mirror USDC on Base Sepolia:
/// name (and EIP-712 domain name) <c>"USDC"</c>, symbol <c>"USDC"</c>, EIP-712 version <c>"2"</c>.
/// </summary>
public sealed class TokenDeploymentOptions
{
    /// <summary>Token name returned by <c>name()</c>; also the EIP-712 domain name.</summary>
    public string Name { get; init; } = "USDC";

    /// <summary>Token symbol returned by <c>symbol()</c>.</summary>
    public string Symbol { get; init; } = "USDC";

    /// <summary>EIP-712 domain version returned by <c>version()</c>.</summary>
    public string Version { get; init; } = "2";

    /// <summary>Balances (base units) minted by the deployer right after deployment, in order.</summary>
    public IReadOnlyList<KeyValuePair<EvmAddress, BigInteger>> InitialMints { get; init; } = [];

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("TokenDeploymentOptions.Name is required.");
        if (string.IsNullOrWhiteSpace(Symbol)) throw new ArgumentException("TokenDeploymentOptions.Symbol is required.");
        if (string.IsNullOrWhiteSpace(Version)) throw new ArgumentException("TokenDeploymentOptions.Version is required.");
        foreach (var (to, amount) in InitialMints)
        {
            if (to.IsZero) throw new ArgumentException("TokenDeploymentOptions.InitialMints cannot mint to the zero address.");
            if (amount.Sign < 0) throw new ArgumentException($"TokenDeploymentOptions.InitialMints has a negative amount for {to}.");
        }
    }
}
