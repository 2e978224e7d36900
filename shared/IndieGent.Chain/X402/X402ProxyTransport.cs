using IndieGent.Chain.X402.Functions;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain.X402;

/// <summary>Queries and transactions to one proxy, with custom-error reverts turned into <see cref="X402ProxyRevertException"/>.</summary>
internal sealed class X402ProxyTransport(IWeb3 web3, EvmAddress address)
{
    private readonly IWeb3 _web3 = web3 ?? throw new ArgumentNullException(nameof(web3));
    private readonly string _address = address.ToChecksumHex();

    public async Task<EvmAddress> Permit2Async(CancellationToken cancellationToken) =>
        EvmAddress.Parse(await QueryAsync<ProxyPermit2Function, string>(new(), cancellationToken).ConfigureAwait(false));

    public async Task<TResult> QueryAsync<TFunction, TResult>(TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            // Nethereum's query handler takes no token; WaitAsync at least stops the caller from waiting.
            return await _web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(_address, function)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e is not X402ProxyRevertException)
        {
            throw new X402ProxyRevertException(e.ExceptionEncodedData);
        }
    }

    public async Task<TransactionReceipt> SendAsync<TFunction>(TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        TransactionReceipt receipt;
        try
        {
            receipt = await _web3.Eth.GetContractTransactionHandler<TFunction>()
                .SendRequestAndWaitForReceiptAsync(_address, function, cancellationToken).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e is not X402ProxyRevertException)
        {
            throw new X402ProxyRevertException(e.ExceptionEncodedData);
        }

        return receipt.Succeeded()
            ? receipt
            : throw new InvalidOperationException($"{typeof(TFunction).Name} failed on chain in transaction {receipt.TransactionHash}.");
    }

    public async Task<string> SubmitAsync<TFunction>(TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            return await _web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAsync(_address, function)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e is not X402ProxyRevertException)
        {
            throw new X402ProxyRevertException(e.ExceptionEncodedData);
        }
    }
}
