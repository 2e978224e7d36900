using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using Marten;
using JasperFx;

namespace IndieGent.Wallet.Api.Signing;

/// <summary>
/// The signer: an EIP-3009 <c>TransferWithAuthorization</c> for a payment the Ledger approved, at
/// most once per payment. A repeated identical request gets the stored signature back.
/// </summary>
public sealed class PaymentSigner(IDocumentStore store, MasterKeyRing keys, TimeProvider time, ILogger<PaymentSigner> logger)
{
    public async Task<SigningOutcome> SignAsync(TransferSigningRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var session = store.LightweightSession();

        if (await session.LoadAsync<IssuedSignature>(request.PaymentId, ct) is { } issued)
            return Repeat(issued, request);

        if (await session.LoadAsync<IssuedTransaction>(request.PaymentId, ct) is not null)
            return SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"Payment {request.PaymentId} was already signed as a transaction; it is never signed twice.");
        var agent = await session.LoadAsync<Agent>(request.AgentId, ct);
        var approval = await session.LoadAsync<PaymentApproval>(request.PaymentId, ct);
        if (SigningDecider.Refusal(request, agent, approval, time.GetUtcNow()) is { } refusal)
        {
            logger.LogWarning("Refused to sign payment {PaymentId} for agent {AgentId}: {Refusal}",
                request.PaymentId, request.AgentId, refusal.Refusal);
            return refusal;
        }

        var envelope = await session.LoadAsync<AgentKeyEnvelope>(agent!.Id, ct)
            ?? throw new KeyCustodyException($"Agent {agent.Id} has no key envelope.");
        var signature = TransferSigner.Sign(keys, agent, envelope, request).ToHex();

        // Insert, not upsert: of two concurrent requests for one payment only one signature is kept.
        session.Insert(new IssuedSignature(request.PaymentId, request, signature, time.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (DocumentAlreadyExistsException)
        {
            await using var again = store.QuerySession();
            return Repeat((await again.LoadAsync<IssuedSignature>(request.PaymentId, ct))!, request);
        }

        logger.LogInformation("Signed payment {PaymentId} for agent {AgentId}", request.PaymentId, request.AgentId);
        return SigningOutcome.Success(signature);
    }

    private static SigningOutcome Repeat(IssuedSignature issued, TransferSigningRequest request) =>
        SigningDecider.SameAuthorization(issued.Request, request)
            ? SigningOutcome.Success(issued.Signature)
            : SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"Payment {request.PaymentId} was already signed with other terms; it is never signed twice.");
}
