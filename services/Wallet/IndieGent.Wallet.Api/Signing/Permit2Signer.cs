using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Messaging;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Api.Extensions;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using Marten;
using Microsoft.Extensions.Options;

namespace IndieGent.Wallet.Api.Signing;

/// <summary>
/// The signer of Permit2 witness transfers (MPP <c>permit2</c>): only what a valid <c>permit2</c> approval ticket names
/// (<see cref="Permit2Decider"/>), at most once per payment — the payment's one signing claim covers every credential kind.
/// A repeated identical request gets the stored signature back. Also signs, under such a ticket, the agent's EIP-2612 permit
/// letting the trusted Permit2 move its tokens, which the platform's relayer submits once per wallet.
/// </summary>
public sealed partial class Permit2Signer(IDocumentStore store, MasterKeyRing keys, ApprovalTickets tickets, IOptions<WalletOptions> options,
    TimeProvider time, ILogger<Permit2Signer> logger)
{
    private readonly EvmAddress _permit2 = EvmAddress.Parse(options.Value.Permit2Address);

    public async Task<SigningOutcome> SignTransferAsync(Permit2SigningRequest request, string? ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Permit2Decider.TryParse(request, out var permit, out var problem))
            return Refused(request.PaymentId, SigningOutcome.Refused(SigningRefusal.Malformed, problem));
        var approval = tickets.Read(ticket, out var ticketProblem);
        if (SigningDecider.RepeatRefusal(request.PaymentId, request.AgentId, approval) is { } invalid)
            return Refused(request.PaymentId, invalid with { Detail = approval is null ? ticketProblem : invalid.Detail });

        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery();
        var issuedLoad = batch.Load<IssuedPermit2>(request.PaymentId);
        var claimLoad = batch.Load<SigningClaim>(request.PaymentId);
        var agentLoad = batch.Load<Agent>(request.AgentId);
        var envelopeLoad = batch.Load<AgentKeyEnvelope>(request.AgentId);
        await batch.Execute(ct);
        var agent = await agentLoad;
        if (await issuedLoad is { } issued)
            return Repeat(issued, permit, agent);
        if (await claimLoad is { } claim)
            return SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"Payment {request.PaymentId} was already signed as {claim.Kind}; it is never signed twice.");
        if (Permit2Decider.Refusal(request, permit, agent, approval, _permit2, time.GetUtcNow()) is { } refusal)
            return Refused(request.PaymentId, refusal);

        var envelope = await envelopeLoad ?? throw new KeyCustodyException($"Agent {agent!.Id} has no key envelope.");
        var signature = TransferSigner.Sign(keys, agent!, envelope, request.ChainId, permit).ToHex();
        var now = time.GetUtcNow();
        // Insert, not upsert: of two concurrent first requests for one payment (of any kind) only one claim is kept.
        session.Insert(new SigningClaim(request.PaymentId, agent!.Id, SigningClaim.Permit2, now));
        session.Insert(new IssuedPermit2(request.PaymentId, agent.Id, request, signature, now));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
        {
            await using var again = store.QuerySession();
            return await again.LoadAsync<IssuedPermit2>(request.PaymentId, ct) is { } first
                ? Repeat(first, permit, agent)
                : SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                    $"Payment {request.PaymentId} was signed otherwise at the same moment; it is never signed twice.");
        }

        LogSignedPermit(request.PaymentId, agent.Id, permit.Transfers.Count);
        return SigningOutcome.Success(signature, request.Deadline, agent.WalletAddress);
    }

    /// <summary>
    /// The agent's EIP-2612 permit for the trusted Permit2 (the uint256 maximum), at the token nonce the caller read, under the
    /// payment's <c>permit2</c> ticket. Recorded, so the relayer carries only a permit the Wallet signed.
    /// </summary>
    public async Task<(IssuedPermit2Allowance? Issued, SigningOutcome? Refusal)> SignAllowanceAsync(Guid paymentId, Guid agentId, long chainId,
        TokenDomain domain, EvmAddress permit2, BigInteger tokenNonce, long deadline, string? ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var approval = tickets.Read(ticket, out var ticketProblem);
        await using var session = store.LightweightSession();
        var agent = await session.LoadAsync<Agent>(agentId, ct);
        if (Permit2Decider.AllowanceRefusal(paymentId, agentId, chainId, domain.VerifyingContract, permit2, agent, approval, _permit2,
                time.GetUtcNow()) is { } refusal)
            return (null, Refused(paymentId, approval is null ? refusal with { Detail = ticketProblem } : refusal));
        if (tokenNonce.Sign < 0 || deadline <= time.GetUtcNow().ToUnixTimeSeconds() || domain.ChainId != chainId)
            return (null, Refused(paymentId, SigningOutcome.Refused(SigningRefusal.Malformed, "The token nonce, deadline or chain id is not usable.")));

        var envelope = await session.LoadAsync<AgentKeyEnvelope>(agentId, ct) ?? throw new KeyCustodyException($"Agent {agentId} has no key envelope.");
        var value = BigInteger.Pow(2, 256) - 1;
        var signature = TransferSigner.Sign(keys, agent!, envelope, domain, permit2, value, tokenNonce, deadline).ToHex();
        var issued = new IssuedPermit2Allowance(paymentId, agentId, domain.VerifyingContract.ToLowerHex(), EvmAddress.Parse(agent!.WalletAddress).ToLowerHex(),
            permit2.ToLowerHex(), value.ToString(CultureInfo.InvariantCulture), tokenNonce.ToString(CultureInfo.InvariantCulture), deadline, signature,
            time.GetUtcNow());
        // The latest one stands: asked again (a later token nonce, a new deadline), the relayer carries only the new permit.
        session.Store(issued);
        await session.SaveChangesAsync(ct);
        LogSignedAllowance(paymentId, agentId, tokenNonce);
        return (issued, null);
    }

    private SigningOutcome Refused(Guid paymentId, SigningOutcome refusal)
    {
        LogRefused(paymentId, refusal.Refusal, refusal.Detail);
        return refusal;
    }

    private static SigningOutcome Repeat(IssuedPermit2 issued, RequestedPermit2 permit, Agent? agent) =>
        agent is not null && Permit2Decider.TryParse(issued.Request, out var signed, out _) && Permit2Decider.SamePermit(signed, permit)
            ? SigningOutcome.Success(issued.Signature, issued.Request.Deadline, agent.WalletAddress)
            : SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"Payment {issued.Id} was already signed with other terms; it is never signed twice.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed the Permit2 transfer of payment {PaymentId} for agent {AgentId} ({Transfers} transfers)")]
    private partial void LogSignedPermit(Guid paymentId, Guid agentId, int transfers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed agent {AgentId}'s Permit2 allowance under payment {PaymentId} (token nonce {Nonce})")]
    private partial void LogSignedAllowance(Guid paymentId, Guid agentId, BigInteger nonce);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to sign Permit2 for payment {PaymentId}: {Refusal} ({Detail})")]
    private partial void LogRefused(Guid paymentId, SigningRefusal? refusal, string? detail);
}
