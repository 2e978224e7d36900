using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Messaging;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Api.Custody;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Relaying;
using IndieGent.Wallet.Signing;
using IndieGent.Wallet.Transfers;
using IndieGent.Wallet.Treasuries;
using JasperFx;
using Marten;

namespace IndieGent.Wallet.Api.Relaying;

/// <summary>
/// The relayer's signer: EIP-1559 transactions from the platform's relayer wallet carrying one
/// ticketed EIP-3009 authorization (<see cref="RelayDecider"/>), at the relayer nonce Settlement
/// assigned; then, at that nonce only, replacements with higher fees and the cancellation that
/// consumes the nonce when the authorization can no longer pay.
/// </summary>
/// <remarks>
/// The first signature of a relay binds its nonce in the same commit (<see cref="RelayerNonceClaim"/>):
/// a second relay at a taken nonce is refused, and a relay is never signed at two nonces. Its call
/// is fixed there too, so later versions differ from the first only in fees (or are the cancellation).
/// </remarks>
public sealed partial class RelaySigner(
    IDocumentStore store, MasterKeyRing keys, PlatformWallets wallets, TransactionLimits limits, ApprovalTickets tickets, TimeProvider time,
    ILogger<RelaySigner> logger)
{
    private const int Attempts = 20;

    public async Task<RelayOutcome> SignAsync(RelaySigningRequest request, string? ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RelayDecider.TryParse(request, limits, out var relay, out var malformed, out var problem))
            return Refused(request, malformed, problem);
        var approval = tickets.Read(ticket, out var ticketProblem);
        // Every version, a cancellation included, needs the Ledger's word for this payment.
        if (SigningDecider.RepeatRefusal(request.RelayId, request.AgentId, approval) is { } invalid)
            return Refused(request, invalid.Refusal!.Value, approval is null ? ticketProblem : invalid.Detail!);

        var relayer = await wallets.RelayerAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var batch = session.CreateBatchQuery();
            var issuedLoad = batch.Load<IssuedRelay>(request.RelayId);
            var agentLoad = batch.Load<Agent>(request.AgentId);
            var treasuryLoad = batch.Load<Treasury>(request.AgentId);
            var platformLoad = batch.Load<PlatformWallet>(request.AgentId);
            var authorizationLoad = batch.Load<IssuedSignature>(request.RelayId);
            var allowanceLoad = batch.Load<IssuedPermit2Allowance>(request.RelayId);
            var envelopeLoad = batch.Load<AgentKeyEnvelope>(relayer.Id);
            await batch.Execute(ct);
            var envelope = await envelopeLoad ?? throw new KeyCustodyException("The relayer has no key envelope.");

            if (await issuedLoad is { } issued)
            {
                if (await AnotherVersionAsync(session, issued, request, relay, relayer, envelope, ct) is { } outcome)
                    return outcome;
                continue;
            }

            if (request.Kind == RelayKind.Relay &&
                RelayDecider.Refusal(request, relay, TransferParty.Of(await agentLoad, await treasuryLoad, await platformLoad), approval, await authorizationLoad,
                    time.GetUtcNow(), await allowanceLoad) is { } refusal)
                return Refused(request, refusal.Refusal!.Value, refusal.Detail!);

            var version = Sign(request.Kind, relayer, envelope, relay, request.Nonce);
            issued = new IssuedRelay(request.RelayId, request.AgentId, relayer.Address, relay.ChainId, relay.Token.ToChecksumHex(),
                Hex(relay.Calldata), relay.GasLimit, request.Nonce, [version]);
            session.Insert(new RelayerNonceClaim(RelayerNonceClaim.IdOf(relayer.Address, request.Nonce), request.RelayId));
            session.Insert(issued);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
            {
                // Either another delivery of this relay recorded it first (read again), or another
                // relay holds the nonce (refused: the caller's nonce bookkeeping is wrong).
                await using var query = store.QuerySession();
                if (await query.LoadAsync<IssuedRelay>(request.RelayId, ct) is not null && attempt < Attempts)
                    continue;
                return Refused(request, SigningRefusal.NonceTaken, $"The relayer's nonce {request.Nonce} is bound to another relay.");
            }

            LogSigned(request.RelayId, request.Kind, request.Nonce);
            return RelayOutcome.Success(issued, version);
        }
    }

    // A relay already signed: the same nonce, the same call, fees never lower. Null when a
    // concurrent version was recorded first (read again).
    private async Task<RelayOutcome?> AnotherVersionAsync(IDocumentSession session, IssuedRelay issued, RelaySigningRequest request,
        RequestedRelay relay, PlatformWallet relayer, AgentKeyEnvelope envelope, CancellationToken ct)
    {
        if (issued.AgentId != request.AgentId || issued.Nonce != request.Nonce || issued.ChainId != relay.ChainId ||
            EvmAddress.Parse(issued.Token) != relay.Token)
            return Refused(request, SigningRefusal.AlreadySignedDifferently,
                $"Relay {request.RelayId} was signed at nonce {issued.Nonce} with other terms; only its own versions are signed again.");
        if (request.Kind == RelayKind.Relay && !string.Equals(issued.Calldata, Hex(relay.Calldata), StringComparison.OrdinalIgnoreCase))
            return Refused(request, SigningRefusal.AlreadySignedDifferently,
                $"Relay {request.RelayId} carries another call; its call is never changed.");
        if (request.Kind == RelayKind.Relay && relay.EndsAt <= time.GetUtcNow().ToUnixTimeSeconds())
            return Refused(request, SigningRefusal.AlreadyExpired, "The carried call's time has passed; it can only be cancelled.");

        var latest = issued.Versions.LastOrDefault(v => v.Kind == request.Kind);
        // Never lower: a version at least as expensive as asked for is the answer (a redelivery).
        if (latest is not null && Wei(latest.MaxFeePerGas) >= relay.MaxFeePerGas && Wei(latest.MaxPriorityFeePerGas) >= relay.MaxPriorityFeePerGas)
            return RelayOutcome.Success(issued, latest);

        var version = Sign(request.Kind, relayer, envelope, relay with { GasLimit = request.Kind == RelayKind.Relay ? issued.GasLimit : relay.GasLimit },
            issued.Nonce);
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

        LogResigned(request.RelayId, request.Kind, issued.Nonce);
        return RelayOutcome.Success(updated, version);
    }

    private SignedRelayVersion Sign(RelayKind kind, PlatformWallet relayer, AgentKeyEnvelope envelope, RequestedRelay relay, long nonce)
    {
        var transaction = kind == RelayKind.Relay
            ? new Eip1559Transaction(relay.ChainId, nonce, relay.MaxPriorityFeePerGas, relay.MaxFeePerGas, relay.GasLimit, relay.Token,
                BigInteger.Zero, relay.Calldata)
            : Eip1559Transaction.Cancellation(relay.ChainId, nonce, relay.MaxPriorityFeePerGas, relay.MaxFeePerGas, EvmAddress.Parse(relayer.Address));
        var signed = TransferSigner.Sign(keys, relayer, envelope, transaction);
        return new SignedRelayVersion(kind, relay.MaxFeePerGas.ToString(CultureInfo.InvariantCulture),
            relay.MaxPriorityFeePerGas.ToString(CultureInfo.InvariantCulture), signed.Raw, signed.Hash, time.GetUtcNow());
    }

    private RelayOutcome Refused(RelaySigningRequest request, SigningRefusal refusal, string detail)
    {
        LogRefused(request.RelayId, request.Kind, refusal);
        return RelayOutcome.Refused(refusal, detail);
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static BigInteger Wei(string value) => BigInteger.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "The relayer signed a {Kind} for relay {RelayId} at nonce {Nonce}")]
    private partial void LogSigned(Guid relayId, RelayKind kind, long nonce);

    [LoggerMessage(Level = LogLevel.Information, Message = "The relayer signed another {Kind} version for relay {RelayId} at nonce {Nonce}")]
    private partial void LogResigned(Guid relayId, RelayKind kind, long nonce);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The relayer refused a {Kind} for relay {RelayId}: {Refusal}")]
    private partial void LogRefused(Guid relayId, RelayKind kind, SigningRefusal refusal);
}
