using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402;
using IndieGent.Chain.Token.Events;
using IndieGent.Chain.Token.Functions;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.Model;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;
using Nethereum.Signer;
using Nethereum.Web3;
using ChainAddress = IndieGent.Chain.EvmAddress;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// The chain side of verification, one step at a time: what is checked before a proof is claimed (signatures,
/// authorization state, balances, the receipt of a payer's transfer), submitting EIP-3009 authorizations (the
/// server pays gas) and broadcasting signed transfers, then waiting for the configured confirmations.
/// </summary>
public sealed class ChainSettler
{
    private readonly PaymentServerOptions _options;
    private readonly Web3 _reader;
    private readonly Web3? _submitter;
    private readonly Dictionary<ChainAddress, Task<TokenDomain>> _domains = [];

    /// <summary>Creates the settler.</summary>
    /// <param name="options">The chain and the settlement key.</param>
    public ChainSettler(IOptions<PaymentServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _reader = new Web3(_options.RpcUrl.ToString());
        if (_options.SettlementPrivateKey is { Length: > 0 } key)
        {
            var account = new Nethereum.Web3.Accounts.Account(key, _options.ChainId);
            _submitter = new Web3(account, _options.RpcUrl.ToString());
            // One counter for every concurrent settlement from this key: no two transactions share a nonce.
            account.NonceService = new InMemoryNonceService(account.Address, _submitter.Client);
        }
    }

    /// <summary>Whether EIP-3009 authorizations can be submitted (a settlement key is configured).</summary>
    public bool CanSubmitAuthorizations => _submitter is not null;

    /// <summary>The settlement key's address: who submits authorizations and permits (a permit's spender); null without a key.</summary>
    public ChainAddress? SubmitterAddress => _submitter is null ? null : ChainAddress.Parse(_submitter.TransactionManager.Account.Address);

    /// <summary>Why Permit2 would refuse the permit now (a used nonce, a short balance or allowance), named before any gas is spent.</summary>
    /// <returns>The reason, or <see langword="null"/> when it would not.</returns>
    internal async Task<string?> CheckPermit2Async(ChainAddress permit2, ChainAddress token, ChainAddress owner, BigInteger nonce, BigInteger total,
        CancellationToken cancellationToken)
    {
        var tokenClient = new TokenClient(_reader, token);
        var used = new Permit2Client(_reader, permit2).IsNonceUsedAsync(owner, nonce, cancellationToken);
        var allowance = tokenClient.AllowanceAsync(owner, permit2, cancellationToken);
        var balance = CheckBalanceAsync(token, owner, total, cancellationToken);
        if (await used.ConfigureAwait(false))
            return "The permit's nonce was already used or invalidated on chain.";
        if (await allowance.ConfigureAwait(false) < total)
            return "The payer has not allowed Permit2 to move this much of the token (approve Permit2 on the token first).";
        return await balance.ConfigureAwait(false);
    }

    /// <summary>Settles <paramref name="amount"/> of an x402 <c>upto</c> permit through its proxy (this server is the witness's facilitator).</summary>
    /// <returns>The transaction's hash, or why the proxy refused it before it was sent.</returns>
    internal async Task<Submission> SubmitUptoAsync(ChainAddress proxy, PermitTransferFrom permit, BigInteger amount, ChainAddress owner,
        UptoWitness witness, EvmSignature signature, CancellationToken cancellationToken)
    {
        try
        {
            return Submission.Sent(await new X402UptoPermit2ProxyClient(_submitter!, proxy)
                .SubmitSettleAsync(permit, amount, owner, witness, signature, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is SmartContractCustomErrorRevertException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            await ForgetNonceAsync().ConfigureAwait(false);
            return Submission.Refused("The upto proxy refused the permit: " + e.Message);
        }
    }

    /// <summary>Submits the permit through Permit2 (one transfer, or the batch of the primary recipient and the splits).</summary>
    /// <returns>The transaction's hash, or why Permit2 refused it before it was sent.</returns>
    internal async Task<Submission> SubmitPermit2Async(ChainAddress permit2, ChainAddress owner, IReadOnlyList<TokenPermission> permitted,
        IReadOnlyList<TransferDetail> transfers, BigInteger nonce, BigInteger deadline, byte[] witness, EvmSignature signature,
        CancellationToken cancellationToken)
    {
        var client = new Permit2Client(_submitter!, permit2);
        try
        {
            return Submission.Sent(permitted.Count == 1
                ? await client.SubmitPermitWitnessTransferFromAsync(new PermitTransferFrom(permitted[0], nonce, deadline), transfers[0], owner, witness,
                    Permit2Signatures.PaymentWitnessTypeString, signature, cancellationToken).ConfigureAwait(false)
                : await client.SubmitPermitBatchWitnessTransferFromAsync(new PermitBatchTransferFrom(permitted, nonce, deadline), transfers, owner, witness,
                    Permit2Signatures.PaymentWitnessTypeString, signature, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is SmartContractCustomErrorRevertException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            await ForgetNonceAsync().ConfigureAwait(false);
            return Submission.Refused("Permit2 refused the permit: " + e.Message);
        }
    }

    // A refused submission may have taken a nonce it never used: the next one is read from the node again, or every later
    // transaction of this key would wait behind the gap for good (seen in the chaos run after a chain reorganisation).
    private async Task ForgetNonceAsync()
    {
        if (_submitter?.TransactionManager.Account?.NonceService is { } nonces)
            await nonces.ResetNonceAsync().ConfigureAwait(false);
    }

    /// <summary>The token's EIP-712 domain, read once per token.</summary>
    /// <param name="token">The token.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The domain.</returns>
    public Task<TokenDomain> DomainAsync(ChainAddress token, CancellationToken cancellationToken)
    {
        Task<TokenDomain> read;
        lock (_domains)
        {
            if (!_domains.TryGetValue(token, out read!) || read.IsFaulted)
                _domains[token] = read = TokenDomain.ReadAsync(_reader, token);
        }

        return read.WaitAsync(cancellationToken);
    }

    /// <summary>Who signed an authorization, recovered off chain with the token's EIP-712 domain.</summary>
    /// <returns>The signer, or <see langword="null"/> when the signature does not recover.</returns>
    internal async Task<ChainAddress?> RecoverSignerAsync(
        ChainAddress token, TransferAuthorization authorization, EvmSignature signature, CancellationToken cancellationToken)
    {
        var domain = await DomainAsync(token, cancellationToken).ConfigureAwait(false);
        try
        {
            return Eip3009.RecoverTransferWithAuthorizationSigner(domain, authorization, signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Why the token would refuse the authorization now, named before any gas is spent (one round trip).</summary>
    /// <returns>The reason, or <see langword="null"/> when it would not.</returns>
    internal async Task<string?> CheckAuthorizationAsync(ChainAddress token, TransferAuthorization authorization, CancellationToken cancellationToken)
    {
        var used = new TokenClient(_reader, token).AuthorizationStateAsync(authorization.From, authorization.Nonce, cancellationToken);
        var balance = CheckBalanceAsync(token, authorization.From, authorization.Value, cancellationToken);
        return await used.ConfigureAwait(false) ? "The authorization was already used or canceled on chain." : await balance.ConfigureAwait(false);
    }

    /// <summary>Why <paramref name="payer"/> cannot pay <paramref name="amount"/> of the token now.</summary>
    /// <returns>The reason, or <see langword="null"/> when it can.</returns>
    internal async Task<string?> CheckBalanceAsync(ChainAddress token, ChainAddress payer, BigInteger amount, CancellationToken cancellationToken) =>
        await new TokenClient(_reader, token).BalanceOfAsync(payer, cancellationToken).ConfigureAwait(false) < amount
            ? "The payer's balance is below the amount."
            : null;

    /// <summary>Submits <c>transferWithAuthorization</c> (checked by <see cref="RecoverSignerAsync"/> and <see cref="CheckAuthorizationAsync"/>).</summary>
    /// <returns>The transaction's hash, or why the token refused it before it was sent.</returns>
    internal async Task<Submission> SubmitAuthorizationAsync(
        ChainAddress token, TransferAuthorization authorization, EvmSignature signature, CancellationToken cancellationToken)
    {
        try
        {
            return Submission.Sent(await new TokenClient(_submitter!, token)
                .SubmitTransferWithAuthorizationAsync(authorization, signature, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is SmartContractCustomErrorRevertException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            await ForgetNonceAsync().ConfigureAwait(false);
            return Submission.Refused("The token refused the authorization: " + e.Message);
        }
    }

    /// <summary>Reads a signed transaction off chain: exactly the required transfer, on this chain, and who signed it.</summary>
    /// <returns>The sender, or why the transaction does not pay.</returns>
    internal ProofCheck ReadTransaction(byte[] rawTransaction, PaymentRequirement requirement)
    {
        ISignedTransaction transaction;
        ChainAddress sender;
        try
        {
            transaction = TransactionFactory.CreateTransaction(rawTransaction);
            sender = ChainAddress.Parse(TransactionVerificationAndRecovery.GetSenderAddress(transaction));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ProofCheck.Refused("The transaction cannot be decoded.");
        }

        if (transaction is not Transaction1559 eip1559)
            return ProofCheck.Refused("Only EIP-1559 transactions are accepted.");
        if (eip1559.ChainId != _options.ChainId)
            return ProofCheck.Refused("The transaction is for another chain.");
        if (!ChainAddress.TryParse(eip1559.ReceiverAddress, out var to) || to != requirement.Token.ToChain())
            return ProofCheck.Refused("The transaction does not call the token.");
        if (eip1559.Amount is { } value && value != 0)
            return ProofCheck.Refused("The transaction sends native coin.");
        var expected = new TransferFunction { To = requirement.Recipient.ToString(), Value = requirement.Amount }.GetCallData();
        if (!Convert.FromHexString(Strip(eip1559.Data)).AsSpan().SequenceEqual(expected))
            return ProofCheck.Refused("The transaction is not a transfer of the amount to the recipient.");
        return ProofCheck.Pays(sender);
    }

    /// <summary>Broadcasts a signed transfer (read by <see cref="ReadTransaction"/>).</summary>
    /// <returns>The transaction's hash, or why the chain refused it.</returns>
    internal async Task<Submission> BroadcastAsync(byte[] rawTransaction, CancellationToken cancellationToken)
    {
        try
        {
            return Submission.Sent(await _reader.Eth.Transactions.SendRawTransaction.SendRequestAsync("0x" + Convert.ToHexString(rawTransaction))
                .WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException e)
        {
            return Submission.Refused("The chain refused the transaction: " + e.RpcError?.Message);
        }
    }

    /// <summary>
    /// Reads a transaction the payer broadcast: succeeded, a token <c>Transfer</c> of at least the amount to the
    /// recipient, in a block no older than <paramref name="notBefore"/>. Its payers are the transaction's sender
    /// and every account that transfer moved money from.
    /// </summary>
    /// <returns>The payers, the sender first, or why the transaction does not pay.</returns>
    internal async Task<ProofCheck> CheckTransferAsync(string hash, PaymentRequirement requirement, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var receipt = await _reader.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (receipt is null)
            return ProofCheck.Refused("No such transaction is mined.");
        if (!receipt.Succeeded())
            return ProofCheck.Refused("The transaction failed on chain.");
        var token = requirement.Token.ToChain();
        var recipient = requirement.Recipient.ToChain();
        var transfers = receipt.DecodeAllEvents<TransferEvent>()
            .Where(e => ChainAddress.TryParse(e.Log.Address, out var emitter) && emitter == token
                && ChainAddress.TryParse(e.Event.To, out var to) && to == recipient)
            .ToList();
        var paid = transfers.Aggregate(BigInteger.Zero, (sum, e) => sum + e.Event.Value);
        if (paid < requirement.Amount)
            return ProofCheck.Refused($"The transaction transfers {paid} of the token to the recipient; {requirement.Amount} are due.");
        var block = await _reader.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(receipt.BlockNumber))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value) < notBefore)
            return ProofCheck.Refused("The transfer is older than the challenge it answers.");
        var sender = ChainAddress.Parse(receipt.From);
        return ProofCheck.Pays([.. transfers.Select(e => ChainAddress.Parse(e.Event.From)).Prepend(sender).Distinct()]);
    }

    /// <summary>Waits, up to the settlement timeout, for a transaction to be mined and reach the configured confirmations.</summary>
    /// <returns>Whether it did, failed on chain, or is still on its way.</returns>
    internal async Task<Confirmation> ConfirmAsync(string hash, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + _options.SettlementTimeout;
        var receipt = await WaitForReceiptAsync(hash, deadline, cancellationToken).ConfigureAwait(false);
        if (receipt is null)
            return Confirmation.Pending;
        if (!receipt.Succeeded())
            return Confirmation.Failed;
        var needed = receipt.BlockNumber.Value + _options.Confirmations - 1;
        while ((await _reader.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value < needed)
        {
            if (DateTimeOffset.UtcNow >= deadline)
                return Confirmation.Pending;
            await Task.Delay(_options.ChainPollInterval, cancellationToken).ConfigureAwait(false);
        }

        return Confirmation.Confirmed;
    }

    // Polled soon and then less often: a chain that mines at once (a local node, a fast L2) answers
    // within milliseconds, a slow one is asked once per ChainPollInterval.
    private async Task<TransactionReceipt?> WaitForReceiptAsync(string hash, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await _reader.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(cancellationToken).ConfigureAwait(false) is { } receipt)
                return receipt;
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.ChainPollInterval.Ticks));
        }

        return null;
    }

    /// <summary>Whether an exception says the chain could not be reached (rather than that it refused something).</summary>
    internal static bool IsUnreachable(Exception exception) =>
        exception is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or TaskCanceledException;

    private static string Strip(string? hex) => hex is null ? "" : hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
}
