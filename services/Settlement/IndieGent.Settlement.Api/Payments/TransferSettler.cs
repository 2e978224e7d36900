using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Deposits;
using Marten;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// Settles a payment with an EIP-1559 transfer from the agent's wallet: fees from the chain, the
/// Wallet's signature (it assigns the nonce), the record, then the broadcast (a <c>hash</c>
/// credential, handed out once confirmed) or the hand-off of the signed transaction to the
/// merchant (a <c>transaction</c> credential). <see cref="TransferWatcher"/> follows it from there.
/// </summary>
/// <remarks>
/// Every version is recorded before it is sent: a crash after the record re-sends the same bytes
/// (the watcher sends what is recorded and unsent), and a crash before it asks the Wallet again,
/// which answers with what it signed for the payment, at the same nonce. So a payment has one
/// nonce, and at most one of its versions can be mined.
/// </remarks>
public sealed partial class TransferSettler(
    IDocumentStore store,
    IWeb3 web3,
    WalletSigner signer,
    FeeOracle fees,
    TransactionSender sender,
    IOptions<ChainOptions> chainOptions,
    IOptions<PaymentSettlementOptions> settlementOptions,
    TimeProvider time,
    ILogger<TransferSettler> logger)
{
    private readonly ChainOptions _chain = chainOptions.Value;
    private readonly PaymentSettlementOptions _options = settlementOptions.Value;

    /// <summary>First settlement of an approved payment: the outcome is TxBroadcast, CredentialIssued or SettlementFailed (null while the node has not taken it).</summary>
    public async Task<object?> SettleAsync(SettlePayment payment, TransferMode mode, CancellationToken ct)
    {
        var terms = payment.Terms;
        var now = time.GetUtcNow();
        var handOffUntil = now + _options.TransactionHandOff;
        if (terms.ExpiresAt is { } expires && expires + _options.BroadcastGrace < handOffUntil)
            handOffUntil = expires + _options.BroadcastGrace;
        if (mode == TransferMode.HandOff && terms.ExpiresAt is { } expiry && expiry - now < _options.MinimumValidity)
            return new SettlementFailed(payment.PaymentId, PaymentReason.ChallengeExpired, null, now, "The challenge expires before the merchant could broadcast.");

        var from = await WalletOfAsync(payment.AgentId, ct);
        var token = EvmAddress.Parse(_chain.TokenAddress);
        var recipient = EvmAddress.Parse(terms.Recipient);
        var amount = BigInteger.Parse(terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture);
        // Four independent reads of the chain, at once.
        var suggesting = fees.SuggestAsync();
        var estimating = GasLimitAsync(from, token, recipient, amount);
        var balance = web3.Eth.GetBalance.SendRequestAsync(from.ToChecksumHex(), BlockParameter.CreatePending());
        var counting = web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(from.ToChecksumHex(), BlockParameter.CreatePending());
        await Task.WhenAll(suggesting, estimating, balance, counting);
        var suggested = await suggesting;
        var gasLimit = await estimating;

        // A transfer needs the chain's native coin for gas; unlike an EIP-3009 authorization, the
        // merchant does not pay it. Refused up front rather than signed and stuck.
        var gas = (await balance).Value;
        var needed = suggested.MaxFeePerGas * gasLimit;
        if (gas < needed)
        {
            LogNoGas(payment.PaymentId, gas, needed);
            return new SettlementFailed(payment.PaymentId, PaymentReason.InsufficientGas, null, now,
                $"The wallet holds {gas} wei of the chain's native coin; the transfer needs up to {needed}.");
        }

        var floor = (long)(await counting).Value;
        var signed = await signer.SignAsync(new SignTransferTransaction(payment.PaymentId, payment.AgentId, SignTransferTransaction.Transfer,
            _chain.ChainId, token.ToChecksumHex(), recipient.ToChecksumHex(), terms.Amount, gasLimit,
            Text(suggested.MaxFeePerGas), Text(suggested.MaxPriorityFeePerGas), floor, payment.Ticket), ct);
        if (signed.Refused is { } refused)
        {
            LogRefused(payment.PaymentId, refused.Reason);
            return new SettlementFailed(payment.PaymentId, PaymentReason.SigningRefused, null, time.GetUtcNow(),
                $"The Wallet refused ({refused.Reason}): {refused.Detail}");
        }

        var version = signed.Signed!;
        var transfer = new OutgoingTransfer
        {
            Id = payment.PaymentId,
            AgentId = payment.AgentId,
            From = EvmAddress.Parse(version.From).ToLowerHex(),
            Token = token.ToLowerHex(),
            To = recipient.ToLowerHex(),
            Value = terms.Amount,
            Nonce = version.Nonce,
            GasLimit = gasLimit,
            Mode = mode,
            Protocol = terms.Protocol,
            Challenge = terms.Challenge!,
            Ticket = payment.Ticket,
            State = mode == TransferMode.Broadcast ? TransferState.Signed : TransferState.HandedOff,
            Versions = [Version(version)],
            HandOffUntil = mode == TransferMode.HandOff ? handOffUntil : null,
            LastSentAt = time.GetUtcNow(),
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
        };

        // A concurrent delivery may record it first (the same version: the Wallet signs a payment once).
        transfer = await store.InsertOnceAsync(transfer, transfer.Id, ct);

        LogSigned(payment.PaymentId, transfer.Nonce, mode);
        return await ResumeAsync(transfer, ct);
    }

    /// <summary>A payment already recorded: send it if it is unsent, and say where it stands (null: signed, not yet taken by the node).</summary>
    public async Task<object?> ResumeAsync(OutgoingTransfer transfer, CancellationToken ct)
    {
        if (transfer.State == TransferState.Signed && await SendAsync(transfer.Latest.Raw, transfer.Id) && await MarkSentAsync(transfer, ct) is { } sent)
            transfer = sent;

        return transfer.Outcome() ?? transfer.State switch
        {
            TransferState.HandedOff => new CredentialIssued(transfer.Id,
                PaymentCredentials.ForTransaction(transfer.Challenge, _chain.ChainId, transfer.From, transfer.Versions[0].Raw),
                transfer.HandOffUntil!.Value, time.GetUtcNow()),
            TransferState.Pending => new TxBroadcast(transfer.Id, transfer.Latest.Hash, transfer.Nonce, null, time.GetUtcNow()),
            // Signed and not accepted by the node yet: the watcher keeps sending it; the saga waits.
            _ => null,
        };
    }

    /// <summary>Asks the Wallet for another version of the payment's transaction at its nonce (higher fees, or a cancellation).</summary>
    public async Task<TransferVersion?> AnotherVersionAsync(OutgoingTransfer transfer, string kind, Fees wanted, CancellationToken ct)
    {
        var signed = await signer.SignAsync(new SignTransferTransaction(transfer.Id, transfer.AgentId, kind, _chain.ChainId,
            EvmAddress.Parse(transfer.Token).ToChecksumHex(), EvmAddress.Parse(transfer.To).ToChecksumHex(), transfer.Value, transfer.GasLimit,
            Text(wanted.MaxFeePerGas), Text(wanted.MaxPriorityFeePerGas), transfer.Nonce, transfer.Ticket), ct);
        if (signed.Refused is { } refused)
        {
            LogRefused(transfer.Id, refused.Reason);
            return null;
        }

        if (signed.Signed!.Nonce != transfer.Nonce)
            throw new InvalidOperationException($"The Wallet signed payment {transfer.Id} at nonce {signed.Signed.Nonce}, not {transfer.Nonce}.");
        return Version(signed.Signed);
    }

    /// <summary>Sends a raw transaction (see <see cref="TransactionSender.SendAsync"/>).</summary>
    public Task<bool> SendAsync(string raw, Guid paymentId) => sender.SendAsync(raw, paymentId);

    private async Task<OutgoingTransfer?> MarkSentAsync(OutgoingTransfer transfer, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var current = await session.LoadAsync<OutgoingTransfer>(transfer.Id, ct);
        if (current is null || current.State != TransferState.Signed)
            return current;
        current.State = TransferState.Pending;
        current.LastSentAt = current.UpdatedAt = time.GetUtcNow();
        session.Store(current);
        try
        {
            await session.SaveChangesAsync(ct);
            return current;
        }
        catch (JasperFx.ConcurrencyException)
        {
            // The watcher moved it first.
            await using var again = store.QuerySession();
            return await again.LoadAsync<OutgoingTransfer>(transfer.Id, ct);
        }
    }

    private async Task<EvmAddress> WalletOfAsync(Guid agentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var watched = await session.Query<WatchedAddress>().FirstOrDefaultAsync(w => w.AgentId == agentId, ct);
        // AgentCreated reaches this service on another queue; the endpoint retries until it has.
        return watched is not null
            ? EvmAddress.Parse(watched.Id)
            : throw new InvalidOperationException($"Settlement has not yet recorded the wallet of agent {agentId}.");
    }

    private async Task<long> GasLimitAsync(EvmAddress from, EvmAddress token, EvmAddress recipient, BigInteger amount)
    {
        try
        {
            var estimate = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput
            {
                From = from.ToChecksumHex(),
                To = token.ToChecksumHex(),
                Data = "0x" + Convert.ToHexStringLower(Eip1559Transaction.TransferCalldata(recipient, amount)),
                Value = new HexBigInteger(0),
            });
            // A quarter on top: the recipient's balance slot may be written for the first time meanwhile.
            return (long)(estimate.Value * 5 / 4);
        }
        catch (RpcResponseException)
        {
            return _options.TransferGasLimit;
        }
    }

    private TransferVersion Version(TransferTransactionSigned signed) =>
        new(signed.Kind, signed.TxHash.ToLowerInvariant(), signed.RawTransaction, signed.MaxFeePerGas, signed.MaxPriorityFeePerGas, time.GetUtcNow());

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed payment {PaymentId}'s transfer at nonce {Nonce} ({Mode})")]
    private partial void LogSigned(Guid paymentId, long nonce, TransferMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} will not be settled: the wallet holds {Balance} wei for gas, {Needed} needed")]
    private partial void LogNoGas(Guid paymentId, BigInteger balance, BigInteger needed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Wallet refused to sign for payment {PaymentId}: {Reason}")]
    private partial void LogRefused(Guid paymentId, string reason);

}
