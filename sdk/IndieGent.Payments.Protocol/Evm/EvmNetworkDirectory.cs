namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// Configuration that turns network names into EIP-155 chain ids and token symbols into contract
/// addresses, for the protocols that name instead of number: the older IndieGent dialect
/// (<c>chain="base"</c>, <c>currency="USDC"</c>) and x402 v1 (<c>network: "base-sepolia"</c>). Names
/// and symbols compare case-insensitively. Token addresses are never guessed: a symbol is known only
/// once configured for that chain. Configure it at start-up; concurrent reads are safe as long as
/// nothing writes at the same time.
/// </summary>
public sealed class EvmNetworkDirectory
{
    private readonly Dictionary<string, long> _chains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(long ChainId, string Symbol), EvmAddress> _tokens = new(new TokenKeyComparer());

    /// <summary>A directory with the chain names IndieGent and x402 v1 use (base = 8453, base-sepolia = 84532, local = 31337, …) and no tokens.</summary>
    /// <returns>A new mutable directory.</returns>
    public static EvmNetworkDirectory CreateDefault()
    {
        var directory = new EvmNetworkDirectory();
        directory.AddChain("base", 8453);
        directory.AddChain("base-sepolia", 84532);
        directory.AddChain("local", 31337);
        directory.AddChain("ethereum", 1);
        directory.AddChain("sepolia", 11155111);
        directory.AddChain("polygon", 137);
        directory.AddChain("polygon-amoy", 80002);
        directory.AddChain("avalanche", 43114);
        directory.AddChain("avalanche-fuji", 43113);
        return directory;
    }

    /// <summary>Maps a network name to a chain id (replacing an earlier mapping of the name).</summary>
    /// <param name="name">The network name.</param>
    /// <param name="chainId">The EIP-155 chain id.</param>
    /// <returns>This directory.</returns>
    public EvmNetworkDirectory AddChain(string name, long chainId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        _chains[name] = chainId;
        return this;
    }

    /// <summary>Maps a token symbol on a chain to its contract.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="symbol">The symbol, for example <c>USDC</c>.</param>
    /// <param name="address">The token contract.</param>
    /// <returns>This directory.</returns>
    public EvmNetworkDirectory AddToken(long chainId, string symbol, EvmAddress address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        _tokens[(chainId, symbol)] = address;
        return this;
    }

    /// <summary>Looks up a chain id by network name.</summary>
    /// <param name="name">The network name.</param>
    /// <param name="chainId">The chain id when known.</param>
    /// <returns><see langword="true"/> when the name is configured.</returns>
    public bool TryGetChainId(string name, out long chainId) => _chains.TryGetValue(name, out chainId);

    /// <summary>Looks up the first configured name of a chain id.</summary>
    /// <param name="chainId">The chain id.</param>
    /// <param name="name">The name when known.</param>
    /// <returns><see langword="true"/> when some name maps to the chain.</returns>
    public bool TryGetChainName(long chainId, out string name)
    {
        foreach (var (candidate, id) in _chains)
        {
            if (id == chainId)
            {
                name = candidate;
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    /// <summary>Looks up a token contract by chain and symbol.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="address">The contract when configured.</param>
    /// <returns><see langword="true"/> when configured.</returns>
    public bool TryGetToken(long chainId, string symbol, out EvmAddress address) => _tokens.TryGetValue((chainId, symbol), out address);

    private sealed class TokenKeyComparer : IEqualityComparer<(long ChainId, string Symbol)>
    {
        public bool Equals((long ChainId, string Symbol) x, (long ChainId, string Symbol) y) =>
            x.ChainId == y.ChainId && string.Equals(x.Symbol, y.Symbol, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((long ChainId, string Symbol) obj) =>
            HashCode.Combine(obj.ChainId, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Symbol));
    }
}
