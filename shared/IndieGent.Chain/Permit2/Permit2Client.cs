using System.Numerics;
using IndieGent.Chain.Permit2.Functions;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain.Permit2;

/// <summary>
/// Typed calls to a Permit2 (IndieGent's or Uniswap's: the functions are the same) through
/// <paramref name="web3"/>; transactions are sent from <paramref name="web3"/>'s account, which is the
/// spender every permit it submits must name.
/// </summary>
/// <remarks>
/// A call that would revert throws <see cref="Permit2RevertException"/> at gas estimation, before
/// anything is sent; its message names the error, and the types in <c>IndieGent.Chain.Permit2.Errors</c>
/// decode it. A mined transaction that failed throws <see cref="InvalidOperationException"/>.
/// </remarks>
/// <param name="web3">The connection, with the sending account for transactions.</param>
/// <param name="address">The Permit2 contract address.</param>
public sealed class Permit2Client(IWeb3 web3, EvmAddress address)
{
    private readonly IWeb3 _web3 = web3 ?? throw new ArgumentNullException(nameof(web3));
    private readonly string _address = address.ToChecksumHex();

    /// <summary>The Permit2 contract address.</summary>
    public EvmAddress Address { get; } = address;

    /// <summary><c>DOMAIN_SEPARATOR()</c>: 32 bytes, <see cref="Permit2Signatures.DomainSeparator"/> of the chain and <see cref="Address"/>.</summary>
    public Task<byte[]> DomainSeparatorAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<Permit2DomainSeparatorFunction, byte[]>(new(), cancellationToken);

    /// <summary><c>nonceBitmap(owner, wordPosition)</c>: the owner's used-nonce bits for nonces <c>wordPosition * 256</c> to <c>+ 255</c>.</summary>
    public Task<BigInteger> NonceBitmapAsync(EvmAddress owner, BigInteger wordPosition, CancellationToken cancellationToken = default) =>
        QueryAsync<NonceBitmapFunction, BigInteger>(new() { Owner = owner.ToChecksumHex(), WordPosition = wordPosition }, cancellationToken);

    /// <summary>True once <paramref name="owner"/> used or invalidated <paramref name="nonce"/> (bit <c>nonce &amp; 0xff</c> of word <c>nonce &gt;&gt; 8</c>).</summary>
    public async Task<bool> IsNonceUsedAsync(EvmAddress owner, BigInteger nonce, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nonce);
        var word = await NonceBitmapAsync(owner, nonce >> 8, cancellationToken).ConfigureAwait(false);
        return !(word & (BigInteger.One << (int)(nonce & 0xff))).IsZero;
    }

    /// <summary><c>invalidateUnorderedNonces(wordPosition, mask)</c>: marks the sending account's nonces in <paramref name="mask"/> as used.</summary>
    public Task<TransactionReceipt> InvalidateUnorderedNoncesAsync(BigInteger wordPosition, BigInteger mask, CancellationToken cancellationToken = default) =>
        SendAsync(new InvalidateUnorderedNoncesFunction { WordPosition = wordPosition, Mask = mask }, cancellationToken);

    /// <summary>Submits a signed <c>permitTransferFrom</c> (one token, no witness) and waits for the receipt.</summary>
    public Task<TransactionReceipt> PermitTransferFromAsync(PermitTransferFrom permit, TransferDetail transfer, EvmAddress owner,
        EvmSignature signature, CancellationToken cancellationToken = default) =>
        SendAsync(Permit2Calls.PermitTransferFrom(permit, transfer, owner, Bytes(signature)), cancellationToken);

    /// <summary>Submits a signed <c>permitWitnessTransferFrom</c> (one token) and waits for the receipt.</summary>
    /// <param name="permit">The permit the owner signed.</param>
    /// <param name="transfer">The recipient and the amount moved, at most the permitted amount.</param>
    /// <param name="owner">The signer, whose tokens move.</param>
    /// <param name="witness">The 32-byte witness hash, e.g. <see cref="Permit2Signatures.PaymentWitnessHash"/>.</param>
    /// <param name="witnessTypeString">The witness type string, e.g. <see cref="Permit2Signatures.PaymentWitnessTypeString"/>.</param>
    /// <param name="signature">The owner's signature over <see cref="Permit2Signatures.SingleDigest(long, EvmAddress, TokenPermission, EvmAddress, BigInteger, BigInteger, ReadOnlySpan{byte}, string)"/> with this account as spender.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<TransactionReceipt> PermitWitnessTransferFromAsync(PermitTransferFrom permit, TransferDetail transfer, EvmAddress owner,
        byte[] witness, string witnessTypeString, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SendAsync(Permit2Calls.PermitWitnessTransferFrom(permit, transfer, owner, witness, witnessTypeString, Bytes(signature)), cancellationToken);

    /// <summary>
    /// Broadcasts a signed <c>permitWitnessTransferFrom</c> (gas estimated first, so a revert throws
    /// before sending) and returns its hash without waiting for the receipt.
    /// </summary>
    /// <inheritdoc cref="PermitWitnessTransferFromAsync" path="/param"/>
    public Task<string> SubmitPermitWitnessTransferFromAsync(PermitTransferFrom permit, TransferDetail transfer, EvmAddress owner,
        byte[] witness, string witnessTypeString, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SubmitAsync(Permit2Calls.PermitWitnessTransferFrom(permit, transfer, owner, witness, witnessTypeString, Bytes(signature)), cancellationToken);

    /// <summary>Submits a signed batch <c>permitTransferFrom</c> (no witness) and waits for the receipt.</summary>
    public Task<TransactionReceipt> PermitBatchTransferFromAsync(PermitBatchTransferFrom permit, IReadOnlyList<TransferDetail> transfers,
        EvmAddress owner, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SendAsync(Permit2Calls.PermitBatchTransferFrom(permit, transfers, owner, Bytes(signature)), cancellationToken);

    /// <summary>
    /// Submits a signed batch <c>permitWitnessTransferFrom</c> (MPP splits: one transfer per permitted
    /// entry, in order; a requested amount of 0 skips an entry) and waits for the receipt.
    /// </summary>
    /// <param name="permit">The permit the owner signed.</param>
    /// <param name="transfers">One recipient and amount per permitted entry.</param>
    /// <param name="owner">The signer, whose tokens move.</param>
    /// <param name="witness">The 32-byte witness hash.</param>
    /// <param name="witnessTypeString">The witness type string.</param>
    /// <param name="signature">The owner's signature over <see cref="Permit2Signatures.BatchDigest(long, EvmAddress, IReadOnlyList{TokenPermission}, EvmAddress, BigInteger, BigInteger, ReadOnlySpan{byte}, string)"/> with this account as spender.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<TransactionReceipt> PermitBatchWitnessTransferFromAsync(PermitBatchTransferFrom permit, IReadOnlyList<TransferDetail> transfers,
        EvmAddress owner, byte[] witness, string witnessTypeString, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SendAsync(Permit2Calls.PermitBatchWitnessTransferFrom(permit, transfers, owner, witness, witnessTypeString, Bytes(signature)), cancellationToken);

    /// <summary>As <see cref="PermitBatchWitnessTransferFromAsync"/>, returning the transaction hash without waiting for the receipt.</summary>
    /// <inheritdoc cref="PermitBatchWitnessTransferFromAsync" path="/param"/>
    public Task<string> SubmitPermitBatchWitnessTransferFromAsync(PermitBatchTransferFrom permit, IReadOnlyList<TransferDetail> transfers,
        EvmAddress owner, byte[] witness, string witnessTypeString, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SubmitAsync(Permit2Calls.PermitBatchWitnessTransferFrom(permit, transfers, owner, witness, witnessTypeString, Bytes(signature)), cancellationToken);

    /// <summary>Runs a read-only call against the latest block.</summary>
    /// <exception cref="Permit2RevertException">The call reverted with a custom error.</exception>
    public async Task<TResult> QueryAsync<TFunction, TResult>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            // Nethereum's query handler takes no token; WaitAsync at least stops the caller from waiting.
            return await _web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(_address, function)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e is not Permit2RevertException)
        {
            throw new Permit2RevertException(e.ExceptionEncodedData);
        }
    }

    /// <summary>Sends a transaction (gas estimated first, so a revert throws before sending) and waits for its receipt.</summary>
    /// <exception cref="Permit2RevertException">The call would revert with a custom error; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The transaction was mined but failed.</exception>
    public async Task<TransactionReceipt> SendAsync<TFunction>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        TransactionReceipt receipt;
        try
        {
            receipt = await _web3.Eth.GetContractTransactionHandler<TFunction>()
                .SendRequestAndWaitForReceiptAsync(_address, function, cancellationToken).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e is not Permit2RevertException)
        {
            throw new Permit2RevertException(e.ExceptionEncodedData);
        }

        return receipt.Succeeded()
            ? receipt
            : throw new InvalidOperationException($"{typeof(TFunction).Name} failed on chain in transaction {receipt.TransactionHash}.");
    }

    /// <summary>Broadcasts a transaction (gas estimated first, so a revert throws before sending) and returns its hash.</summary>
    /// <exception cref="Permit2RevertException">The call would revert with a custom error; nothing was sent.</exception>
    public async Task<string> SubmitAsync<TFunction>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            return await _web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAsync(_address, function)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e is not Permit2RevertException)
        {
            throw new Permit2RevertException(e.ExceptionEncodedData);
        }
    }

    private static byte[] Bytes(EvmSignature signature) =>
        (signature ?? throw new ArgumentNullException(nameof(signature))).ToByteArray();
}
