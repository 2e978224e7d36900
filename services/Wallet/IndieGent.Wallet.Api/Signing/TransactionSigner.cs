using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using IndieGent.Messaging;
using JasperFx;
using Marten;

namespace IndieGent.Wallet.Api.Signing;

/// <summary>
/// The signer of EIP-1559 transactions: a payment's ERC-20 transfer, only for a payment the Ledger
/// approved, at a nonce the Wallet assigns from the agent's sequence in the same commit that
/// records the signature; then, at that same nonce only, replacements with higher fees and a
/// cancellation. Whatever is signed for a payment, at most one of it can be mined.
/// </summary>
/// <remarks>
/// Concurrent payments of one agent race for its next nonce through the sequence document's
/// optimistic concurrency: the loser signs again with the next nonce before anything leaves the
/// Wallet, so a nonce is never handed out twice and a refusal (checked first) never leaves a gap.
/// </remarks>
public sealed partial class TransactionSigner(
    IDocumentStore store, MasterKeyRing keys, TransactionLimits limits, ApprovalTickets tickets, TimeProvider time, ILogger<TransactionSigner> logger)
{
    private const int Attempts = 200;

    public async Task<TransactionOutcome> SignAsync(TransactionSigningRequest request, string? ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!SigningDecider.TryParse(request, limits, out var transfer, out var problem))
            return TransactionOutcome.Refused(SigningRefusal.Malformed, problem);
        var approval = tickets.Read(ticket, out var ticketProblem);
        // Replacements and cancellations too need the Ledger's word for this payment.
        if (SigningDecider.RepeatRefusal(request.PaymentId, request.AgentId, approval) is { } invalid)
        {
            LogRefused(request.PaymentId, request.AgentId, invalid.Refusal!.Value);
            return TransactionOutcome.From(invalid with { Detail = approval is null ? ticketProblem : invalid.Detail });
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var agent = await session.LoadAsync<Agent>(request.AgentId, ct);
            if (await session.LoadAsync<IssuedTransaction>(request.PaymentId, ct) is { } issued)
            {
                if (await AnotherVersionAsync(session, issued, agent, request, transfer, ct) is { } outcome)
                    return outcome;
                continue;
            }

            if (request.Kind == TransactionKind.Cancel)
                return TransactionOutcome.Refused(SigningRefusal.NothingToCancel,
                    $"No transfer was signed for payment {request.PaymentId}; there is nothing to cancel.");
            if (await session.LoadAsync<SigningClaim>(request.PaymentId, ct) is not null)
                return TransactionOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                    $"Payment {request.PaymentId} was already authorized with EIP-3009; it is never signed twice.");
            if (SigningDecider.Refusal(request, transfer, agent, approval, time.GetUtcNow()) is { } refusal)
            {
                LogRefused(request.PaymentId, request.AgentId, refusal.Refusal!.Value);
                return TransactionOutcome.From(refusal);
            }

            var sequence = await session.LoadAsync<AgentNonce>(agent!.Id, ct);
            var nonce = Math.Max(sequence?.Next ?? 0, request.NonceFloor);
            var signed = await SignAsync(session, agent, Eip1559Transaction.TokenTransfer(transfer.ChainId, nonce, transfer.MaxPriorityFeePerGas,
                transfer.MaxFeePerGas, transfer.GasLimit, transfer.Token, transfer.To, transfer.Value), ct);
            var version = Version(TransactionKind.Transfer, transfer.MaxFeePerGas, transfer.MaxPriorityFeePerGas, signed);
            issued = new IssuedTransaction(request.PaymentId, agent.Id, agent.WalletAddress, transfer.ChainId, transfer.Token.ToChecksumHex(),
                transfer.To.ToChecksumHex(), transfer.Value.ToString(CultureInfo.InvariantCulture), transfer.GasLimit, nonce, [version]);

            // All or nothing: the payment's claim, the nonce taken and the transfer recorded. Insert, not upsert, for the records.
            session.Insert(new SigningClaim(request.PaymentId, agent.Id, SigningClaim.Transaction, time.GetUtcNow()));
            session.Insert(issued);
            if (sequence is null)
                session.Insert(new AgentNonce(agent.Id, nonce + 1));
            else
                session.Store(sequence with { Next = nonce + 1 });
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (attempt < Attempts && MartenConflicts.IsLostRace(e))
            {
                // Another payment of the agent took this nonce, or another delivery of this one
                // recorded it first: read again.
                continue;
            }

            LogSigned(request.PaymentId, request.AgentId, nonce);
            return TransactionOutcome.Success(issued, version);
        }
    }

    // A request for a payment whose transfer is recorded: the same terms, at the recorded nonce.
    // Null when a concurrent version was recorded first (read again).
    private async Task<TransactionOutcome?> AnotherVersionAsync(IDocumentSession session, IssuedTransaction issued, Agent? agent,
        TransactionSigningRequest request, RequestedTransfer transfer, CancellationToken ct)
    {
        if (issued.AgentId != request.AgentId || issued.ChainId != transfer.ChainId || EvmAddress.Parse(issued.Token) != transfer.Token ||
            EvmAddress.Parse(issued.To) != transfer.To || issued.Value != transfer.Value.ToString(CultureInfo.InvariantCulture) ||
            agent is null)
            return TransactionOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"Payment {request.PaymentId} was signed with other terms; only its own transfer is signed again.");

        var kind = request.Kind;
        var latest = issued.Versions.LastOrDefault(v => v.Kind == kind);
        // Never lower: a version at least as expensive as asked for is the answer (a redelivery).
        if (latest is not null && Wei(latest.MaxFeePerGas) >= transfer.MaxFeePerGas && Wei(latest.MaxPriorityFeePerGas) >= transfer.MaxPriorityFeePerGas)
            return TransactionOutcome.Success(issued, latest);

        var transaction = kind == TransactionKind.Transfer
            ? Eip1559Transaction.TokenTransfer(issued.ChainId, issued.Nonce, transfer.MaxPriorityFeePerGas, transfer.MaxFeePerGas, issued.GasLimit,
                transfer.Token, transfer.To, transfer.Value)
            : Eip1559Transaction.Cancellation(issued.ChainId, issued.Nonce, transfer.MaxPriorityFeePerGas, transfer.MaxFeePerGas,
                EvmAddress.Parse(issued.From));
        var version = Version(kind, transfer.MaxFeePerGas, transfer.MaxPriorityFeePerGas, await SignAsync(session, agent, transaction, ct));
        var updated = issued with { Versions = [.. issued.Versions, version] };
        session.Store(updated);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            return null;
        }

        LogResigned(request.PaymentId, kind, issued.Nonce);
        return TransactionOutcome.Success(updated, version);
    }

    private async Task<SignedTransaction> SignAsync(IDocumentSession session, Agent agent, Eip1559Transaction transaction, CancellationToken ct)
    {
        var envelope = await session.LoadAsync<AgentKeyEnvelope>(agent.Id, ct)
            ?? throw new KeyCustodyException($"Agent {agent.Id} has no key envelope.");
        return TransferSigner.Sign(keys, agent, envelope, transaction);
    }

    private SignedTransactionVersion Version(TransactionKind kind, BigInteger maxFee, BigInteger tip, SignedTransaction signed) =>
        new(kind, maxFee.ToString(CultureInfo.InvariantCulture), tip.ToString(CultureInfo.InvariantCulture), signed.Raw, signed.Hash, time.GetUtcNow());

    private static BigInteger Wei(string value) => BigInteger.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed the transfer of payment {PaymentId} for agent {AgentId} at nonce {Nonce}")]
    private partial void LogSigned(Guid paymentId, Guid agentId, long nonce);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed a {Kind} version of payment {PaymentId} at nonce {Nonce}")]
    private partial void LogResigned(Guid paymentId, TransactionKind kind, long nonce);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to sign a transaction for payment {PaymentId} of agent {AgentId}: {Refusal}")]
    private partial void LogRefused(Guid paymentId, Guid agentId, SigningRefusal refusal);
}

/// <summary>A signed version of the payment's transaction, or a refusal with a human reason.</summary>
public sealed record TransactionOutcome(IssuedTransaction? Transaction, SignedTransactionVersion? Version, SigningRefusal? Refusal, string? Detail)
{
    public bool Signed => Version is not null;

    public static TransactionOutcome Success(IssuedTransaction transaction, SignedTransactionVersion version) => new(transaction, version, null, null);

    public static TransactionOutcome Refused(SigningRefusal refusal, string detail) => new(null, null, refusal, detail);

    public static TransactionOutcome From(SigningOutcome refusal) => new(null, null, refusal.Refusal, refusal.Detail);
}
