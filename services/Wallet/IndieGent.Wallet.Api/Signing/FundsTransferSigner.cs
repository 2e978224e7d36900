using IndieGent.Chain;
using IndieGent.Contracts.Treasuries;
using IndieGent.Messaging;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using IndieGent.Wallet.Transfers;
using IndieGent.Wallet.Treasuries;
using Marten;

namespace IndieGent.Wallet.Api.Signing;

/// <summary>
/// Signs the EIP-3009 authorization of a relayed transfer between custodial wallets (treasury ↔
/// agent, an agent's marketplace sweep, a provider payout), from the source wallet: only what a valid
/// <c>transfer</c>, <c>sweep</c> or <c>payout</c> ticket names exactly (<see cref="TransferDecider"/>), once per transfer (the same signing claim and record as a
/// payment's, so the relayer's signer finds it). A repeated identical request gets the stored signature back.
/// </summary>
public sealed partial class FundsTransferSigner(
    IDocumentStore store, MasterKeyRing keys, ApprovalTickets tickets, TimeProvider time, ILogger<FundsTransferSigner> logger)
{
    public async Task<SigningOutcome> SignAsync(TransferSigningRequest request, string? ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var approval = tickets.Read(ticket, out var ticketProblem);
        if (SigningDecider.RepeatRefusal(request.PaymentId, request.AgentId, approval) is { } invalid)
            return Refused(request, invalid with { Detail = approval is null ? ticketProblem : invalid.Detail });

        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery();
        var issuedLoad = batch.Load<IssuedSignature>(request.PaymentId);
        var claimLoad = batch.Load<SigningClaim>(request.PaymentId);
        var agentLoad = batch.Load<Agent>(request.AgentId);
        var treasuryLoad = batch.Load<Treasury>(request.AgentId);
        var platformLoad = batch.Load<PlatformWallet>(request.AgentId);
        var envelopeLoad = batch.Load<AgentKeyEnvelope>(request.AgentId);
        await batch.Execute(ct);
        var source = TransferParty.Of(await agentLoad, await treasuryLoad, await platformLoad);
        if (await issuedLoad is { } issued)
            return Repeat(issued, request, source);
        if (await claimLoad is not null)
            return Refused(request, SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"{request.PaymentId} was already signed as a transaction; it is never signed twice."));

        var destination = source is null ? null : await DestinationAsync(session, source, request, approval!.CredentialType, ct);
        if (TransferDecider.Refusal(request, source, destination, approval, time.GetUtcNow()) is { } refusal)
            return Refused(request, refusal);

        var envelope = await envelopeLoad ?? throw new KeyCustodyException($"Wallet {request.AgentId} has no key envelope.");
        var signature = TransferSigner.Sign(keys, source!.WalletId, source.Address, envelope, request).ToHex();
        var now = time.GetUtcNow();
        // Insert, not upsert: of two concurrent first requests only one is kept.
        session.Insert(new SigningClaim(request.PaymentId, request.AgentId, SigningClaim.Authorization, now));
        session.Insert(new IssuedSignature(request.PaymentId, request, signature, now));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
        {
            await using var again = store.QuerySession();
            return await again.LoadAsync<IssuedSignature>(request.PaymentId, ct) is { } first
                ? Repeat(first, request, source)
                : SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently, $"{request.PaymentId} was signed otherwise at the same moment.");
        }

        LogSigned(request.PaymentId, request.AgentId);
        return SigningOutcome.Success(signature, request.ValidBefore, source.Address.ToChecksumHex());
    }

    // The custodial wallet at the recipient that the ticket's kind may pay: for a sweep the marketplace
    // settlement wallet; for a transfer another wallet of the source's operator (its treasury, or one
    // of its agents); a payout's recipient is the provider's own address, no custodial wallet.
    private static async Task<TransferParty?> DestinationAsync(IQuerySession session, TransferParty source, TransferSigningRequest request,
        string kind, CancellationToken ct)
    {
        if (TransferDecider.Recipient(request) is not { } to || kind == SigningApproval.Payout)
            return null;
        if (kind == SigningApproval.Sweep)
            return await session.LoadAsync<PlatformWallet>(PlatformWallet.MarketplaceSettlementId, ct) is { } settlement ? TransferParty.From(settlement) : null;
        if (await session.LoadAsync<Treasury>(TreasuryIds.Of(source.OperatorId), ct) is { } treasury && EvmAddress.Parse(treasury.Address) == to)
            return TransferParty.From(treasury);
        var address = to.ToChecksumHex();
        var agent = await session.Query<Agent>().Where(a => a.OperatorId == source.OperatorId && a.WalletAddress == address).FirstOrDefaultAsync(ct);
        return agent is null ? null : TransferParty.From(agent);
    }

    private SigningOutcome Repeat(IssuedSignature issued, TransferSigningRequest request, TransferParty? source) =>
        SigningDecider.SameAuthorization(issued.Request, request with { ValidAfter = issued.Request.ValidAfter, ValidBefore = issued.Request.ValidBefore })
            && source is not null
            ? SigningOutcome.Success(issued.Signature, issued.Request.ValidBefore, source.Address.ToChecksumHex())
            : Refused(request, SigningOutcome.Refused(SigningRefusal.AlreadySignedDifferently,
                $"{request.PaymentId} was already signed with other terms; it is never signed twice."));

    private SigningOutcome Refused(TransferSigningRequest request, SigningOutcome refusal)
    {
        LogRefused(request.PaymentId, request.AgentId, refusal.Refusal);
        return refusal;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed transfer {TransferId} from wallet {WalletId}")]
    private partial void LogSigned(Guid transferId, Guid walletId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to sign transfer {TransferId} from wallet {WalletId}: {Refusal}")]
    private partial void LogRefused(Guid transferId, Guid walletId, SigningRefusal? refusal);
}
