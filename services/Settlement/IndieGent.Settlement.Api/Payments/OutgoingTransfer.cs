using IndieGent.Contracts.Payments;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// A payment settled by an EIP-1559 transfer from the agent's wallet (id = payment id): every
/// version signed at its nonce (the transfer, replacements with higher fees, a cancellation),
/// followed until one of them is mined with the configured confirmations. Addresses are
/// lower-case hex; amounts decimal text.
/// </summary>
public sealed class OutgoingTransfer
{
    public Guid Id { get; set; }

    public Guid AgentId { get; set; }

    public string From { get; set; } = "";

    public string Token { get; set; } = "";

    public string To { get; set; } = "";

    /// <summary>Base units, decimal.</summary>
    public string Value { get; set; } = "";

    public long Nonce { get; set; }

    public long GasLimit { get; set; }

    /// <summary>Who broadcasts: Settlement (a <c>hash</c> credential) or the merchant (a <c>transaction</c> credential).</summary>
    public TransferMode Mode { get; set; }

    /// <summary>The credential's protocol (<c>mpp</c> or <c>mpp-dialect</c>) and the challenge it answers.</summary>
    public string Protocol { get; set; } = "";

    public string Challenge { get; set; } = "";

    /// <summary>The Ledger's approval ticket: the Wallet signs replacements and the cancellation only with it.</summary>
    public string Ticket { get; set; } = "";

    public TransferState State { get; set; }

    /// <summary>Every version signed, oldest first. Raw transactions are bearer instruments until mined; never logged.</summary>
    public List<TransferVersion> Versions { get; set; } = [];

    /// <summary>Handed off: when the merchant's time to broadcast is over and the transfer is cancelled.</summary>
    public DateTimeOffset? HandOffUntil { get; set; }

    /// <summary>When a version was last sent to the node (or handed off).</summary>
    public DateTimeOffset LastSentAt { get; set; }

    /// <summary>The mined version's hash, and its block.</summary>
    public string? TxHash { get; set; }

    public long? BlockNumber { get; set; }

    /// <summary>The hash credential, once the transfer is confirmed (handed to the agent with <see cref="Confirmed"/>).</summary>
    public string? Credential { get; set; }

    public PaymentReason? FailureReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public TransferVersion Latest => Versions[^1];

    /// <summary>What the saga is told once the transfer reached an end, or null while it is open.</summary>
    public object? Outcome() => State switch
    {
        TransferState.Confirmed => new Confirmed(Id, TxHash!, BlockNumber!.Value, Value, UpdatedAt, Credential),
        TransferState.Failed => new SettlementFailed(Id, FailureReason!.Value, TxHash, UpdatedAt),
        _ => null,
    };
}

/// <param name="Raw">0x-prefixed signed RLP; never logged.</param>
public sealed record TransferVersion(string Kind, string Hash, string Raw, string MaxFeePerGas, string MaxPriorityFeePerGas, DateTimeOffset SignedAt);

public enum TransferMode
{
    /// <summary>Settlement broadcasts; the agent gets the hash once it is confirmed.</summary>
    Broadcast,

    /// <summary>The agent gets the signed transaction and the merchant broadcasts it.</summary>
    HandOff,
}

public enum TransferState
{
    /// <summary>Signed and recorded, not yet accepted by the node.</summary>
    Signed,

    /// <summary>Broadcast; waiting to be mined and confirmed.</summary>
    Pending,

    /// <summary>Handed to the merchant; waiting for its broadcast until <see cref="OutgoingTransfer.HandOffUntil"/>.</summary>
    HandedOff,

    /// <summary>The merchant did not broadcast in time; a cancellation at the nonce was broadcast.</summary>
    Cancelling,

    /// <summary>A transfer version was mined and confirmed.</summary>
    Confirmed,

    /// <summary>It will never pay: reverted, cancelled, or the nonce was used by something else.</summary>
    Failed,
}
