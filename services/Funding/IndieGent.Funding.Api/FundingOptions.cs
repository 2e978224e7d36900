using System.ComponentModel.DataAnnotations;

namespace IndieGent.Funding.Api;

/// <summary>The chain and token deposits arrive on (section <c>Chain</c>, shared with the other services).</summary>
public sealed class FundingChainOptions
{
    public const string Section = "Chain";

    [Range(1, long.MaxValue)]
    public long ChainId { get; set; }

    [Required, RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "Chain:TokenAddress must be a 0x-prefixed 20-byte hex address.")]
    public string TokenAddress { get; set; } = "";

    /// <summary>Blocks on top of a deposit's block before Settlement reports it and the Ledger credits it (Settlement's own setting).</summary>
    [Range(0, 1000)]
    public int Confirmations { get; set; } = 2;

    /// <summary>The token's symbol and decimals as wallets show them (USDC: 6).</summary>
    [Required]
    public string TokenSymbol { get; set; } = "USDC";

    [Range(0, 36)]
    public int TokenDecimals { get; set; } = 6;
}
