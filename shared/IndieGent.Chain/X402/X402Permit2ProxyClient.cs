using IndieGent.Chain.X402.Functions;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain.X402;

/// <summary>
/// What the clients of both x402 Permit2 proxies (<see cref="X402UptoPermit2ProxyClient"/>,
/// <see cref="X402ExactPermit2ProxyClient"/>) share: the proxy address, the reads every proxy has
/// (<c>PERMIT2</c>, <c>WITNESS_TYPEHASH</c>, <c>WITNESS_TYPE_STRING</c>) and typed calls through
/// <c>web3</c>, with custom-error reverts decoded into <see cref="X402ProxyRevertException"/>.
/// </summary>
/// <remarks>
/// A call that would revert throws <see cref="X402ProxyRevertException"/> at gas estimation, before anything
/// is sent; its message names the error (the proxy's own, or Permit2's or the token's, passed through). A
/// mined transaction that failed throws <see cref="InvalidOperationException"/>.
/// </remarks>
public abstract class X402Permit2ProxyClient
{
    private readonly X402ProxyTransport _transport;

    private protected X402Permit2ProxyClient(IWeb3 web3, EvmAddress address)
    {
        _transport = new(web3, address);
        Address = address;
    }

    /// <summary>The proxy address.</summary>
    public EvmAddress Address { get; }

    /// <summary><c>PERMIT2()</c>: the Permit2 the proxy calls, the verifying contract of the permits it settles.</summary>
    public Task<EvmAddress> Permit2Async(CancellationToken cancellationToken = default) => _transport.Permit2Async(cancellationToken);

    /// <summary>
    /// <c>WITNESS_TYPEHASH()</c>: <see cref="X402Permit2Signatures.UptoWitnessTypeHash"/> on the <c>upto</c> proxy,
    /// <see cref="X402Permit2Signatures.ExactWitnessTypeHash"/> on the <c>exact</c> one.
    /// </summary>
    public Task<byte[]> WitnessTypeHashAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<WitnessTypehashFunction, byte[]>(new(), cancellationToken);

    /// <summary>
    /// <c>WITNESS_TYPE_STRING()</c>: <see cref="X402Permit2Signatures.UptoWitnessTypeString"/> on the <c>upto</c>
    /// proxy, <see cref="X402Permit2Signatures.ExactWitnessTypeString"/> on the <c>exact</c> one.
    /// </summary>
    public Task<string> WitnessTypeStringAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<WitnessTypeStringFunction, string>(new(), cancellationToken);

    /// <summary>Runs a read-only call against the latest block.</summary>
    /// <exception cref="X402ProxyRevertException">The call reverted with a custom error.</exception>
    public Task<TResult> QueryAsync<TFunction, TResult>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new() => _transport.QueryAsync<TFunction, TResult>(function, cancellationToken);

    /// <summary>Sends a transaction (gas estimated first, so a revert throws before sending) and waits for its receipt.</summary>
    /// <exception cref="X402ProxyRevertException">The call would revert with a custom error; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The transaction was mined but failed.</exception>
    public Task<TransactionReceipt> SendAsync<TFunction>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new() => _transport.SendAsync(function, cancellationToken);

    /// <summary>Broadcasts a transaction (gas estimated first, so a revert throws before sending) and returns its hash.</summary>
    /// <exception cref="X402ProxyRevertException">The call would revert with a custom error; nothing was sent.</exception>
    public Task<string> SubmitAsync<TFunction>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new() => _transport.SubmitAsync(function, cancellationToken);

    /// <summary>The signature as the <c>bytes signature</c> argument of <c>settle</c> and <c>settleWithPermit</c>.</summary>
    private protected static byte[] Bytes(EvmSignature signature) =>
        (signature ?? throw new ArgumentNullException(nameof(signature))).ToByteArray();
}
