using IndieGent.Contracts.Payments;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// An EIP-3009 authorization Settlement obtained for a payment (id = payment id) and watches until
/// the merchant uses it or it can no longer be used. Addresses and the nonce are lower-case hex.
/// </summary>
public sealed class AuthorizationWatch
{
    /// <summary><see cref="Kind"/> of a Permit2 witness transfer (MPP <c>permit2</c>): watched through the wallet's token transfers.</summary>
    public const string Permit2Kind = "permit2";

    public Guid Id { get; set; }

    /// <summary>Null for an EIP-3009 authorization (followed by its <c>AuthorizationUsed</c> log); <see cref="Permit2Kind"/> for a permit.</summary>
    public string? Kind { get; set; }

    /// <summary>For a permit that reached several recipients: what each received, in the order seen on chain.</summary>
    public List<PaymentSplit>? Shares { get; set; }

    public Guid AgentId { get; set; }

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    /// <summary>Base units, decimal.</summary>
    public string Value { get; set; } = "";

    /// <summary>0x + 64 hex digits (for a permit, Permit2's unordered nonce as a 256-bit word).</summary>
    public string Nonce { get; set; } = "";

    /// <summary>Unix seconds from which the token refuses the authorization.</summary>
    public long ValidBefore { get; set; }

    /// <summary>The value for <c>Authorization</c>: a bearer instrument until used; never logged.</summary>
    public string Credential { get; set; } = "";

    public AuthorizationWatchState State { get; set; }

    public string? TxHash { get; set; }

    public long? BlockNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What the saga is told once the authorization reached an end: <see cref="Confirmed"/>,
    /// <see cref="SettlementFailed"/> (expired), or null while it is still watched.</summary>
    public object? Outcome() => State switch
    {
        AuthorizationWatchState.Confirmed => new Confirmed(Id, TxHash!, BlockNumber!.Value, Value, UpdatedAt, Shares: Shares),
        AuthorizationWatchState.Expired => new SettlementFailed(Id, PaymentReason.AuthorizationExpired, null, UpdatedAt, "The authorization expired unused."),
        _ => null,
    };
}
