using System.ComponentModel.DataAnnotations;

namespace IndieGent.Gateway.Api;

/// <summary>What agents can pay with (section <c>Chain</c>): the token on its chain.</summary>
public sealed class ChainSettings
{
    [Range(1, long.MaxValue)]
    public long ChainId { get; set; }

    [Required, RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "Chain:TokenAddress must be a 0x-prefixed 20-byte hex address.")]
    public string TokenAddress { get; set; } = "";

    /// <summary>The Permit2 contract <c>permit2</c> payments go through (the canonical deployment unless set; Settlement and the Wallet use the same).</summary>
    [RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "Chain:Permit2Address must be a 0x-prefixed 20-byte hex address.")]
    public string Permit2Address { get; set; } = "0x000000000022D473030F116dDEE9F6B43aC78BA3";
}
