using System.ComponentModel.DataAnnotations;
using IndieGent.Marketplace.Discovery;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>How the Marketplace reads the OpenAPI documents operators import (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>How long fetching a document may take in all (connection, headers and body).</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The largest document read, in bytes (fetched or inline).</summary>
    [Range(1024, 8 * 1024 * 1024)]
    public int MaxDocumentBytes { get; set; } = OpenApiDiscovery.DefaultMaxDocumentBytes;

    /// <summary>
    /// Whether documents may be fetched from loopback, private, link-local and other non-public
    /// addresses. Off by default: otherwise any operator could make the Marketplace read the network
    /// it runs in. Development and tests, whose paid APIs run on this machine, turn it on.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// The ledger's token (<c>Chain:TokenAddress</c>, not this section): offers in it are the ones a
    /// listing's price can be compared with the proxied services' prices in.
    /// </summary>
    public string? LedgerToken { get; set; }
}
