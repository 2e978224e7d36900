using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using Marten;
using IndieGent.Messaging;

namespace IndieGent.Wallet.Api.Signing;

/// <summary>
/// The signer of EIP-3009 <c>TransferWithAuthorization</c>s: only what a valid approval ticket
/// names, at most once per payment. A repeated identical request gets the stored signature back.
/// </summary>
public sealed class PaymentSigner(IDocumentStore store, MasterKeyRing keys, ApprovalTickets tickets, TimeProvider time, ILogger<PaymentSigner> logger)
{
    public async Task<SigningOutcome> SignAsync(TransferSigningRequest request, string? ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var approval = tickets.Read(ticket, out var ticketProblem);
        // Even a repeat needs the Ledger's word for this payment: a signature is never handed to a caller without one.
        if (SigningDecider.RepeatRefusal(request.PaymentId, request.AgentId, approval) is { } invalid)
            return Refused(request, invalid with { Detail = approval is null ? ticketProblem : invalid.Detail });

        await using var session = store.LightweightSession();
        // Everything the decision needs, in one round trip.
        var batch = session.CreateBatchQuery();
        var issuedLoad = batch.Load<IssuedSignature>(request.PaymentId);
        var claimLoad = batch.Load<SigningClaim>(request.PaymentId);
        var agentLoad = batch.Load<Agent>(request.AgentId);
        var envelopeLoad = batch.Load<AgentKeyEnvelope>(request.AgentId);
        await batch.Execute(ct);
        var agent = await agentLoad;
        if (await issuedLoad is { } issued)
            return Repeat(issued, request, agent);
        if (await claimLoad is not null)
            return SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"Payment {request.PaymentId} was already signed as a transaction; it is never signed twice.");

        if (SigningDecider.Refusal(request, agent, approval, time.GetUtcNow()) is { } refusal)
            return Refused(request, refusal);

        System.Diagnostics.Debug.Assert(agent is not null, "The decider refuses an unknown agent.");
        var envelope = await envelopeLoad ?? throw new KeyCustodyException($"Agent {agent.Id} has no key envelope.");
        var signature = TransferSigner.Sign(keys, agent, envelope, request).ToHex();

        // Insert, not upsert: of two concurrent first requests for one payment (of any kind) only one claim is kept.
        var now = time.GetUtcNow();
        session.Insert(new SigningClaim(request.PaymentId, agent.Id, SigningClaim.Authorization, now));
        session.Insert(new IssuedSignature(request.PaymentId, request, signature, now));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
        {
            await using var again = store.QuerySession();
            return await again.LoadAsync<IssuedSignature>(request.PaymentId, ct) is { } first
                ? Repeat(first, request, agent)
                : SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                    $"Payment {request.PaymentId} was signed as a transaction at the same moment; it is never signed twice.");
        }

        logger.LogInformation("Signed payment {PaymentId} for agent {AgentId}", request.PaymentId, request.AgentId);
        return SigningOutcome.Success(signature, request.ValidBefore, agent.WalletAddress);
    }

    private SigningOutcome Refused(TransferSigningRequest request, SigningOutcome refusal)
    {
        logger.LogWarning("Refused to sign payment {PaymentId} for agent {AgentId}: {Refusal}", request.PaymentId, request.AgentId, refusal.Refusal);
        return refusal;
    }

    // The same authorization asked again, perhaps for another validity window (two settlements of
    // one payment at once): what was signed, with the window it was signed for.
    private static SigningOutcome Repeat(IssuedSignature issued, TransferSigningRequest request, Agent? agent) =>
        SigningDecider.SameAuthorization(issued.Request, request with { ValidAfter = issued.Request.ValidAfter, ValidBefore = issued.Request.ValidBefore })
            && agent is not null
            ? SigningOutcome.Success(issued.Signature, issued.Request.ValidBefore, agent.WalletAddress)
            : SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"Payment {request.PaymentId} was already signed with other terms; it is never signed twice.");
}
