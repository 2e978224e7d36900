using IndieGent.Settlement.Api.Payments;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// An EIP-3009 authorization the platform's relayer sends (id = the relay's id; for a payment, the
/// payment id): the relayer nonce taken for it, every version signed at that nonce (the relay,
/// replacements with higher fees, a cancellation), followed until one of them is mined with the
/// configured confirmations. Addresses are lower-case hex; amounts decimal text.
/// </summary>
public sealed class RelayedTransfer
{
    public Guid Id { get; set; }

    public RelayPurpose Purpose { get; set; }

    /// <summary>Whose custodial wallet the authorization spends from (the ticket names it).</summary>
    public Guid AgentId { get; set; }

    public string Relayer { get; set; } = "";

    public string Token { get; set; } = "";

    /// <summary>The authorization: payer, payee, base units, and the unix second from which it is void.</summary>
    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public string Value { get; set; } = "";

    public long ValidBefore { get; set; }

    /// <summary>The EIP-3009 nonce, 0x + 64 hex digits.</summary>
    public string AuthorizationNonce { get; set; } = "";

    /// <summary>The <c>transferWithAuthorization</c> call data: a bearer instrument until used; never logged.</summary>
    public string Calldata { get; set; } = "";

    /// <summary>The relayer nonce, taken in the commit that inserted this record.</summary>
    public long Nonce { get; set; }

    public long GasLimit { get; set; }

    /// <summary>The Ledger's approval ticket: the Wallet signs every version, the cancellation included, only with it.</summary>
    public string Ticket { get; set; } = "";

    public RelayedPayment? Payment { get; set; }

    public RelayState State { get; set; }

    /// <summary>Every version signed, oldest first (kinds <c>relay</c> and <c>cancel</c>). Raw transactions are never logged.</summary>
    public List<TransferVersion> Versions { get; set; } = [];

    /// <summary>Why the nonce is being cancelled (set when the cancellation is signed).</summary>
    public RelayFailure? CancelledBecause { get; set; }

    public DateTimeOffset LastSentAt { get; set; }

    /// <summary>The mined version's hash, and its block.</summary>
    public string? TxHash { get; set; }

    public long? BlockNumber { get; set; }

    public RelayFailure? Failure { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public TransferVersion? Latest => Versions.Count == 0 ? null : Versions[^1];

    public bool IsOpen => State is not (RelayState.Confirmed or RelayState.Failed);
}
