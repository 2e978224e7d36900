using System.ComponentModel.DataAnnotations;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>The chain Settlement works on (section <c>Chain</c>).</summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    /// <summary>JSON-RPC endpoint (anvil locally, a Base RPC in production).</summary>
    [Required, Url]
    public string RpcUrl { get; set; } = "";

    [Range(1, long.MaxValue)]
    public long ChainId { get; set; }

    /// <summary>The USDC token contract.</summary>
    [Required, RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "Chain:TokenAddress must be a 0x-prefixed 20-byte hex address.")]
    public string TokenAddress { get; set; } = "";

    /// <summary>
    /// The Permit2 contract agents' <c>permit2</c> payments go through (Uniswap's canonical deployment by default; the Wallet
    /// trusts only its own <c>Wallet:Permit2Address</c>, which must be the same).
    /// </summary>
    [RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "Chain:Permit2Address must be a 0x-prefixed 20-byte hex address.")]
    public string Permit2Address { get; set; } = "0x000000000022D473030F116dDEE9F6B43aC78BA3";

    /// <summary>Blocks on top of a log's block before it counts (reorg safety).</summary>
    [Range(0, 1000)]
    public int Confirmations { get; set; } = 2;

    /// <summary>Most blocks asked for in one eth_getLogs (RPC providers cap ranges).</summary>
    [Range(1, 100_000)]
    public int MaxBlockRange { get; set; } = 2_000;

    /// <summary>
    /// How far back (in blocks, at most <see cref="MaxBlockRange"/>) the deposits of a newly watched wallet are looked for in blocks
    /// already scanned: Settlement may hear of a wallet after a deposit to it was confirmed.
    /// </summary>
    [Range(0, 100_000)]
    public int BackfillBlocks { get; set; } = 2_000;

    /// <summary>
    /// How many blocks below the last scanned one a reorganisation deeper than <see cref="Confirmations"/> is followed:
    /// deposits credited from them whose block was replaced are reversed, and those blocks are scanned again.
    /// </summary>
    [Range(1, 100_000)]
    public int ReorgDepth { get; set; } = 64;

    /// <summary>First block scanned when no cursor exists yet (deploy block of the watched token or the current head).</summary>
    [Range(0, long.MaxValue)]
    public long StartBlock { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The least priority fee (tip) per gas Settlement offers, in wei, whatever the node suggests.</summary>
    [Range(0, long.MaxValue)]
    public long MinPriorityFeePerGas { get; set; } = 1_000_000;
}
