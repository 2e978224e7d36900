using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Relaying;
using IndieGent.Messaging;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Payments;
using Marten;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// The platform's gas relayer: sends an EIP-3009 authorization from a custodial wallet with the
/// relayer's own transaction, so the wallet itself needs none of the chain's native coin. Any
/// flow that moves USDC by authorization uses it (payments today, treasury transfers next):
/// <see cref="RelayAsync"/> takes a relayer nonce and records the relay in one commit, has the
/// Wallet's relayer sign it, and sends it; <see cref="RelayWatcher"/> follows it from there.
/// </summary>
/// <remarks>
/// Every version is recorded by the Wallet before it is answered, so before it is sent; the record here
/// may miss one (a watcher pass that sent a replacement and lost its commit), and the watcher asks the
/// Wallet for them before it judges the nonce (<see cref="SignedVersionRecovery"/>). A crash after the reservation leaves a record in
/// <see cref="RelayState.Reserved"/> that the watcher signs and sends; a crash after a signature
/// leaves one in <see cref="RelayState.Signed"/> that it sends. A relay whose authorization can no
/// longer pay (expired, used, or refused by the Wallet) still gets a transaction at its nonce: a
/// zero-value self-transfer from the relayer, so the relays after it are not held up.
/// </remarks>
public sealed partial class Relayer(
    IDocumentStore store,
    IWeb3 web3,
    WalletSigner wallet,
    RelayerAddress relayer,
    FeeOracle fees,
    TransactionSender sender,
    RelayerMetrics metrics,
    IOptions<ChainOptions> chainOptions,
    IOptions<RelayerOptions> relayerOptions,
    TimeProvider time,
    ILogger<Relayer> logger)
{
    // The token refuses an authorization in a block whose time is at or past validBefore; one
    // this close to it would likely be mined too late, so it is cancelled rather than relayed.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(2);

    private readonly ChainOptions _chain = chainOptions.Value;
    private readonly RelayerOptions _options = relayerOptions.Value;

    /// <summary>
    /// Relays <paramref name="request"/> once: the record (new, or the one already made for its id),
    /// or null when the relayer cannot pay the gas (nothing reserved then; see <paramref name="shortfall"/>).
    /// </summary>
    public async Task<RelayedTransfer?> RelayAsync(RelayRequest request, Action<BigInteger, BigInteger>? shortfall, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<RelayedTransfer>(request.Id, ct) is { } recorded)
                return recorded;
        }

        var address = await relayer.GetAsync(ct);
        var token = EvmAddress.Parse(_chain.TokenAddress);
        var calldata = request.Permit?.ToCalldata() ?? request.Authorization?.ToCalldata()
            ?? throw new ArgumentException("A relay carries an authorization or a permit.", nameof(request));
        // Four independent reads of the chain, at once.
        var suggesting = fees.SuggestAsync();
        var estimating = GasLimitAsync(address, token, calldata);
        var balance = web3.Eth.GetBalance.SendRequestAsync(address.ToChecksumHex(), BlockParameter.CreatePending());
        var counting = web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(address.ToChecksumHex(), BlockParameter.CreatePending());
        await Task.WhenAll(suggesting, estimating, balance, counting);
        var suggested = await suggesting;
        var gasLimit = await estimating;

        // Refused before a nonce is taken: a relay the relayer cannot pay for would hold up every later one.
        var needed = suggested.MaxFeePerGas * gasLimit;
        if ((await balance).Value < needed)
        {
            LogOutOfGas(request.Id, (await balance).Value, needed);
            metrics.Submitted(RelayerMetrics.OutOfGas);
            shortfall?.Invoke((await balance).Value, needed);
            return null;
        }

        var reserved = await ReserveAsync(request, address, token, calldata, gasLimit, (long)(await counting).Value, ct);
        if (reserved.State != RelayState.Reserved)
            return reserved;

        // Signed and sent now rather than on the watcher's next pass. Loaded again, so the session
        // knows the version it read (the watcher may move it meanwhile; then its word stands).
        await using var session = store.LightweightSession();
        var transfer = await session.LoadAsync<RelayedTransfer>(reserved.Id, ct) ?? reserved;
        if (transfer.State != RelayState.Reserved)
            return transfer;
        if (await SignNextAsync(transfer, suggested, ct))
            await SendLatestAsync(transfer);
        session.Store(transfer);
        try
        {
            await session.SaveChangesAsync(ct);
            return transfer;
        }
        catch (Exception e) when (MartenConflicts.IsStaleWrite(e))
        {
            // What we signed is at the same nonce and recorded by the Wallet, which answers it again to the watcher.
            await using var again = store.QuerySession();
            return await again.LoadAsync<RelayedTransfer>(transfer.Id, ct);
        }
    }

    /// <summary>
    /// Signs the next version of <paramref name="transfer"/> and records it there (the caller stores
    /// it): the relay while its authorization can pay, else the cancellation of its nonce. False when
    /// the Wallet signed nothing (the record stays as it was; the watcher asks again).
    /// </summary>
    public async Task<bool> SignNextAsync(RelayedTransfer transfer, Fees wanted, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var dead = transfer.CancelledBecause ?? await WhyUnpayableAsync(transfer);
        // "Used" may be this very relay, signed (and mined) before its record was: its version is asked
        // for first (the Wallet answers what it signed at this nonce), so its receipt is looked for too.
        var unrecorded = dead == RelayFailure.AuthorizationUsed && transfer.Versions.All(v => v.Kind != SignRelayedTransaction.Relay);
        if (dead is null || unrecorded)
        {
            var (signed, refused) = await SignAsync(transfer, SignRelayedTransaction.Relay, wanted, ct);
            if (signed is not null)
            {
                Add(transfer, signed, RelayState.Signed);
                if (dead is null)
                    return true;
            }
            else
            {
                LogRefused(transfer.Id, refused!.Reason, refused.Detail);
                dead ??= refused.Reason == "AlreadyExpired" ? RelayFailure.AuthorizationExpired : RelayFailure.Refused;
            }
        }

        // The nonce is ours to consume whatever happens to the authorization.
        var (cancel, cancelRefused) = await SignAsync(transfer, SignRelayedTransaction.Cancel, wanted, ct);
        if (cancel is null)
        {
            LogCancelRefused(transfer.Id, transfer.Nonce, cancelRefused!.Reason);
            return false;
        }

        transfer.CancelledBecause = dead;
        LogCancelling(transfer.Id, transfer.Nonce, dead!.Value);
        return Add(transfer, cancel, RelayState.Signed);
    }

    /// <summary>Sends the latest version; once the node has it the record is Pending (or Cancelling, for a cancellation).</summary>
    public async Task SendLatestAsync(RelayedTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.Latest is not { } latest || !await sender.SendAsync(latest.Raw, transfer.Id))
            return;
        var now = time.GetUtcNow();
        transfer.State = latest.Kind == SignRelayedTransaction.Cancel ? RelayState.Cancelling : RelayState.Pending;
        transfer.LastSentAt = transfer.UpdatedAt = now;
    }

    /// <summary>Why the relay's authorization can no longer pay (expired, or used elsewhere), or null while it can.</summary>
    public async Task<RelayFailure?> WhyUnpayableAsync(RelayedTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        if (DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value) + ExpiryMargin >= DateTimeOffset.FromUnixTimeSeconds(transfer.ValidBefore))
            return RelayFailure.AuthorizationExpired;
        var client = new TokenClient(web3, EvmAddress.Parse(transfer.Token));
        if (transfer.Purpose == RelayPurpose.Permit2Allowance)
        {
            // A permit is used once the owner's token nonce moved past the one it was signed at.
            var signedAt = BigInteger.Parse("0" + transfer.AuthorizationNonce[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return await client.NoncesAsync(EvmAddress.Parse(transfer.From)) > signedAt ? RelayFailure.AuthorizationUsed : null;
        }

        return await client.AuthorizationStateAsync(EvmAddress.Parse(transfer.From), Convert.FromHexString(transfer.AuthorizationNonce.AsSpan(2)))
            ? RelayFailure.AuthorizationUsed
            : null;
    }

    /// <summary>Another version of the relay's latest kind with <paramref name="wanted"/> fees (a replacement); false when the Wallet signed none.</summary>
    public async Task<bool> ReplaceAsync(RelayedTransfer transfer, Fees wanted, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var kind = transfer.Latest?.Kind ?? SignRelayedTransaction.Relay;
        var (signed, refused) = await SignAsync(transfer, kind, wanted, ct);
        if (signed is null)
        {
            LogRefused(transfer.Id, refused!.Reason, refused.Detail);
            return false;
        }

        Add(transfer, signed, transfer.State);
        return true;
    }

    private async Task<RelayedTransfer> ReserveAsync(RelayRequest request, EvmAddress address, EvmAddress token, byte[] calldata, long gasLimit,
        long chainFloor, CancellationToken ct)
    {
        var relayerId = address.ToLowerHex();
        // What the record follows: the authorization's payer, payee, value, end and nonce; or the permit's owner, spender, value,
        // end (the block after its deadline) and token nonce.
        var (from, to, value, validBefore, callNonce) = request.Permit is { } permit
            ? (permit.Owner, permit.Spender, permit.Value, (long)permit.Deadline + 1, "0x" + request.PermitNonce.ToString("x64", CultureInfo.InvariantCulture)[^64..])
            : (request.Authorization!.Authorization.From, request.Authorization.Authorization.To, request.Authorization.Authorization.Value,
                (long)request.Authorization.Authorization.ValidBefore, "0x" + Convert.ToHexStringLower(request.Authorization.Authorization.Nonce));
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var counter = await session.LoadAsync<RelayerNonce>(relayerId, ct);
            // Never below the chain's count: a relayer used before this database (a restored backup) never reuses a nonce.
            var nonce = Math.Max(counter?.Next ?? 0, chainFloor);
            var now = time.GetUtcNow();
            var transfer = new RelayedTransfer
            {
                Id = request.Id,
                Purpose = request.Purpose,
                AgentId = request.AgentId,
                Relayer = relayerId,
                Token = token.ToLowerHex(),
                From = from.ToLowerHex(),
                To = to.ToLowerHex(),
                Value = value.ToString(CultureInfo.InvariantCulture),
                ValidBefore = validBefore,
                AuthorizationNonce = callNonce,
                Calldata = "0x" + Convert.ToHexStringLower(calldata),
                Nonce = nonce,
                GasLimit = gasLimit,
                Ticket = request.Ticket,
                Payment = request.Payment,
                State = RelayState.Reserved,
                LastSentAt = now,
                CreatedAt = now,
                UpdatedAt = now,
            };
            // All or nothing: the nonce taken and the record obliged to consume it.
            session.Insert(transfer);
            if (counter is null)
                session.Insert(new RelayerNonce { Id = relayerId, Next = nonce + 1 });
            else
            {
                counter.Next = nonce + 1;
                session.Store(counter);
            }

            try
            {
                await session.SaveChangesAsync(ct);
                LogReserved(request.Id, nonce);
                return transfer;
            }
            catch (Exception e) when (attempt < _options.ReservationAttempts && MartenConflicts.IsLostRace(e))
            {
                // Another relay took the counter first (read it again), or another delivery of this one recorded it (answer that).
                await using var query = store.QuerySession();
                if (await query.LoadAsync<RelayedTransfer>(request.Id, ct) is { } recorded)
                    return recorded;
            }
        }
    }

    private Task<(RelayedTransactionSigned? Signed, RelayedTransactionRefused? Refused)> SignAsync(RelayedTransfer transfer, string kind, Fees wanted,
        CancellationToken ct) =>
        wallet.SignAsync(new SignRelayedTransaction(transfer.Id, transfer.AgentId, kind, _chain.ChainId, EvmAddress.Parse(transfer.Token).ToChecksumHex(),
            transfer.Calldata, transfer.GasLimit, Text(wanted.MaxFeePerGas), Text(wanted.MaxPriorityFeePerGas), transfer.Nonce, transfer.Ticket), ct);

    private bool Add(RelayedTransfer transfer, RelayedTransactionSigned signed, RelayState state)
    {
        if (signed.Nonce != transfer.Nonce)
            throw new InvalidOperationException($"The relayer signed relay {transfer.Id} at nonce {signed.Nonce}, not {transfer.Nonce}.");
        var version = new TransferVersion(signed.Kind, signed.TxHash.ToLowerInvariant(), signed.RawTransaction, signed.MaxFeePerGas,
            signed.MaxPriorityFeePerGas, time.GetUtcNow());
        if (transfer.Versions.All(v => v.Hash != version.Hash))
            transfer.Versions.Add(version);
        transfer.State = state;
        transfer.UpdatedAt = time.GetUtcNow();
        return true;
    }

    private async Task<long> GasLimitAsync(EvmAddress from, EvmAddress token, byte[] calldata)
    {
        try
        {
            var estimate = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput
            {
                From = from.ToChecksumHex(),
                To = token.ToChecksumHex(),
                Data = "0x" + Convert.ToHexStringLower(calldata),
                Value = new HexBigInteger(0),
            });
            // A quarter on top: the recipient's balance slot may be written for the first time meanwhile.
            return (long)(estimate.Value * 5 / 4);
        }
        catch (RpcResponseException)
        {
            return _options.RelayGasLimit;
        }
    }

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {RelayId} holds relayer nonce {Nonce}")]
    private partial void LogReserved(Guid relayId, long nonce);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {RelayId} will not be sent: the relayer holds {Balance} wei for gas, {Needed} needed")]
    private partial void LogOutOfGas(Guid relayId, BigInteger balance, BigInteger needed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Wallet's relayer refused relay {RelayId}: {Reason} ({Detail})")]
    private partial void LogRefused(Guid relayId, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {RelayId} cannot pay ({Why}); cancelling relayer nonce {Nonce}")]
    private partial void LogCancelling(Guid relayId, long nonce, RelayFailure why);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Wallet's relayer refused to cancel relay {RelayId} at nonce {Nonce} ({Reason}); later relays wait")]
    private partial void LogCancelRefused(Guid relayId, long nonce, string reason);
}
