using System.ComponentModel.DataAnnotations;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>What the Ledger books in (section <c>Chain</c>: the token every agent account is kept in).</summary>
public sealed class LedgerOptions
{
    [Required, RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "Chain:TokenAddress must be a 0x-prefixed 20-byte hex address.")]
    public string TokenAddress { get; set; } = "";

    /// <summary>The chain the token lives on; when set, payments on any other chain are denied.</summary>
    [Range(1, long.MaxValue)]
    public long? ChainId { get; set; }

    public string Currency => TokenAddress.ToLowerInvariant();
}
