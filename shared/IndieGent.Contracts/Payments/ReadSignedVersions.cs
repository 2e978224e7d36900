namespace IndieGent.Contracts.Payments;

/// <summary>
/// Request (Settlement → Wallet, <c>POST /internal/signatures/transaction/versions</c> or <c>…/relay/versions</c>): every
/// version the Wallet signed for a payment's transaction or a relay (<paramref name="Id"/>), oldest first. The Wallet records
/// each version before it answers it, so this is the whole list even when the caller lost its own record of one (a pass that
/// sent a replacement and then lost its commit, or crashed before it). Answered with <see cref="SignedVersions"/>, or 422
/// (<see cref="TransferTransactionRefused"/>) for a ticket that is not the Ledger's or not for <paramref name="Id"/>.
/// </summary>
/// <param name="Ticket">The Ledger-signed approval ticket that came with the signing requests (it may have expired since).</param>
public sealed record ReadSignedVersions(Guid Id, Guid AgentId, string Ticket);

/// <summary>Response: what the Wallet signed for <paramref name="Id"/> at <paramref name="Nonce"/> (null and empty when nothing yet).</summary>
public sealed record SignedVersions(Guid Id, long? Nonce, IReadOnlyList<SignedVersion> Versions);

/// <summary>One signed version: its kind (<c>transfer</c>/<c>relay</c> or <c>cancel</c>), fees, hash and raw transaction.</summary>
/// <param name="RawTransaction">0x-prefixed signed RLP: a bearer instrument until mined; never logged.</param>
public sealed record SignedVersion(string Kind, string TxHash, string RawTransaction, string MaxFeePerGas, string MaxPriorityFeePerGas);
