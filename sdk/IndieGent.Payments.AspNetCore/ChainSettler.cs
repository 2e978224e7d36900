using System.Numerics;
using IndieGent.Chain;
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
/// The chain side of verification: submits EIP-3009 authorizations (the server pays gas), broadcasts
/// signed transfers, and checks transfer receipts, each until the configured confirmations.
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

    /// <summary>Submits <c>transferWithAuthorization</c> after checking the signature and the nonce off chain.</summary>
    /// <returns>The confirmed transaction hash, or the reason it was refused.</returns>
    public async Task<Settlement> SubmitAuthorizationAsync(
        ChainAddress token, TransferAuthorization authorization, EvmSignature signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var domain = await DomainAsync(token, cancellationToken).ConfigureAwait(false);
        ChainAddress signer;
        try
        {
            signer = Eip3009.RecoverTransferWithAuthorizationSigner(domain, authorization, signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return Settlement.Refused("The signature cannot be recovered.");
        }

        if (signer != authorization.From)
            return Settlement.Refused("The authorization is not signed by its payer.");
        // Both refusals named precisely before any gas is spent (in parallel: one round trip).
        var client = new TokenClient(_reader, token);
        var used = client.AuthorizationStateAsync(authorization.From, authorization.Nonce, cancellationToken);
        var balance = client.BalanceOfAsync(authorization.From, cancellationToken);
        if (await used.ConfigureAwait(false))
            return Settlement.Refused("The authorization was already used or canceled on chain.");
        if (await balance.ConfigureAwait(false) < authorization.Value)
            return Settlement.Refused("The payer's balance is below the amount.");

        string hash;
        try
        {
            hash = await new TokenClient(_submitter!, token).SubmitTransferWithAuthorizationAsync(authorization, signature, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is Nethereum.Contracts.SmartContractCustomErrorRevertException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            return Settlement.Refused("The token refused the authorization: " + e.Message);
        }

        var receipt = await WaitForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
        if (receipt is null)
            return Settlement.Refused($"The transaction {hash} was not mined in time.");
        if (!receipt.Succeeded())
            return Settlement.Refused($"The transaction {hash} failed on chain.");
        return await ConfirmAsync(receipt, cancellationToken, authorization.From.ToChecksumHex()).ConfigureAwait(false);
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

    /// <summary>Broadcasts a signed transfer (read by <see cref="ReadTransaction"/>) and waits for it.</summary>
    /// <returns>The confirmed hash, or the reason it was refused.</returns>
    internal async Task<Settlement> BroadcastAsync(byte[] rawTransaction, ChainAddress sender, CancellationToken cancellationToken)
    {
        string hash;
        try
        {
            hash = await _reader.Eth.Transactions.SendRawTransaction.SendRequestAsync("0x" + Convert.ToHexString(rawTransaction))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException e)
        {
            return Settlement.Refused("The chain refused the transaction: " + e.RpcError?.Message);
        }

        var receipt = await WaitForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
        if (receipt is null)
            return Settlement.Refused("The transaction was not mined in time.", retryable: true);
        if (!receipt.Succeeded())
            return Settlement.Refused($"The transaction {hash} failed on chain.");
        return await ConfirmAsync(receipt, cancellationToken, sender.ToChecksumHex()).ConfigureAwait(false);
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

    /// <summary>Waits for a mined transfer's confirmations (checked by <see cref="CheckTransferAsync"/>).</summary>
    /// <returns>The confirmed hash, or the reason it was refused.</returns>
    internal async Task<Settlement> ConfirmTransferAsync(string hash, ChainAddress payer, CancellationToken cancellationToken)
    {
        var receipt = await _reader.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (receipt is null)
            return Settlement.Refused("No such transaction is mined.");
        return await ConfirmAsync(receipt, cancellationToken, payer.ToChecksumHex()).ConfigureAwait(false);
    }

    private async Task<Settlement> ConfirmAsync(TransactionReceipt receipt, CancellationToken cancellationToken, string? payer = null)
    {
        var deadline = DateTimeOffset.UtcNow + _options.SettlementTimeout;
        var needed = receipt.BlockNumber.Value + Math.Max(_options.Confirmations, 1) - 1;
        while ((await _reader.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value < needed)
        {
            if (DateTimeOffset.UtcNow >= deadline)
                return Settlement.Refused($"The transaction {receipt.TransactionHash} did not reach {_options.Confirmations} confirmations in time.", retryable: true);
            await Task.Delay(_options.ChainPollInterval, cancellationToken).ConfigureAwait(false);
        }

        return Settlement.Settled(receipt.TransactionHash, payer);
    }

    // Polled soon and then less often: a chain that mines at once (a local node, a fast L2) answers
    // within milliseconds, a slow one is asked once per ChainPollInterval.
    private async Task<TransactionReceipt?> WaitForReceiptAsync(string hash, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + _options.SettlementTimeout;
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

    private static string Strip(string? hex) => hex is null ? "" : hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;

}

/// <summary>The outcome of a settlement attempt.</summary>
/// <param name="TransactionHash">The settling transaction, when settled.</param>
/// <param name="Failure">Why not, when refused.</param>
/// <param name="Retryable">Whether the same proof may be tried again (nothing certain happened).</param>
/// <param name="Payer">The paying address, when known.</param>
public sealed record Settlement(string? TransactionHash, string? Failure, bool Retryable, string? Payer)
{
    /// <summary>Whether the payment is on chain and confirmed.</summary>
    public bool Succeeded => TransactionHash is not null;

    internal static Settlement Settled(string hash, string? payer) => new(hash, null, false, payer);

    internal static Settlement Refused(string why, bool retryable = false) => new(null, why, retryable, null);
}
