using System.Numerics;
using IndieGent.Chain.Permit2;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain.X402;

/// <summary>
/// Typed calls to an x402 <c>upto</c> Permit2 proxy (IndieGent's or x402's: the functions are the same)
/// through <paramref name="web3"/>. Settlements are sent from <paramref name="web3"/>'s account, which must be
/// the facilitator the payer named in the witness.
/// </summary>
/// <remarks>
/// A call that would revert throws <see cref="X402ProxyRevertException"/> at gas estimation, before anything
/// is sent; its message names the error (the proxy's own, or Permit2's or the token's, passed through). A
/// mined transaction that failed throws <see cref="InvalidOperationException"/>.
/// </remarks>
/// <param name="web3">The connection, with the facilitator's account for transactions.</param>
/// <param name="address">The proxy address (<see cref="X402Permit2Signatures.UptoProxyCanonicalAddress"/> on public chains).</param>
public sealed class X402UptoPermit2ProxyClient(IWeb3 web3, EvmAddress address) : X402Permit2ProxyClient(web3, address)
{
    /// <summary>Settles <paramref name="amount"/> of a signed <c>upto</c> permit (<c>settle</c>) and waits for the receipt.</summary>
    /// <param name="permit">The permit the payer signed; its permitted amount is the most that may be charged.</param>
    /// <param name="amount">The amount actually charged, from 1 to the permitted amount (a charge of 0 needs no transaction; the proxy refuses it).</param>
    /// <param name="owner">The payer, whose tokens move.</param>
    /// <param name="witness">The witness the payer signed; <see cref="UptoWitness.Facilitator"/> must be this client's account.</param>
    /// <param name="signature">The payer's signature over <see cref="X402Permit2Signatures.UptoDigest"/> for this proxy.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<TransactionReceipt> SettleAsync(PermitTransferFrom permit, BigInteger amount, EvmAddress owner, UptoWitness witness,
        EvmSignature signature, CancellationToken cancellationToken = default) =>
        SendAsync(X402ProxyCalls.UptoSettle(permit, amount, owner, witness, Bytes(signature)), cancellationToken);

    /// <summary>As <see cref="SettleAsync"/>, returning the transaction hash without waiting for the receipt (gas is estimated first, so a revert throws before sending).</summary>
    /// <inheritdoc cref="SettleAsync" path="/param"/>
    public Task<string> SubmitSettleAsync(PermitTransferFrom permit, BigInteger amount, EvmAddress owner, UptoWitness witness,
        EvmSignature signature, CancellationToken cancellationToken = default) =>
        SubmitAsync(X402ProxyCalls.UptoSettle(permit, amount, owner, witness, Bytes(signature)), cancellationToken);

    /// <summary>
    /// Settles with the payer's EIP-2612 permit for Permit2 submitted first (<c>settleWithPermit</c>), and waits
    /// for the receipt. A token <c>permit</c> that fails does not stop the settlement (an
    /// <c>EIP2612PermitFailedWith…</c> event records it); the existing allowance is used.
    /// </summary>
    /// <param name="permit2612">The payer's EIP-2612 permit with Permit2 as spender; its value must be the permitted amount.</param>
    /// <param name="permit">The permit the payer signed.</param>
    /// <param name="amount">The amount actually charged, from 1 to the permitted amount.</param>
    /// <param name="owner">The payer.</param>
    /// <param name="witness">The witness the payer signed.</param>
    /// <param name="signature">The payer's Permit2 signature.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<TransactionReceipt> SettleWithPermitAsync(Eip2612Permit permit2612, PermitTransferFrom permit, BigInteger amount,
        EvmAddress owner, UptoWitness witness, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SendAsync(X402ProxyCalls.UptoSettleWithPermit(permit2612, permit, amount, owner, witness, Bytes(signature)), cancellationToken);

    /// <summary>As <see cref="SettleWithPermitAsync"/>, returning the transaction hash without waiting for the receipt.</summary>
    /// <inheritdoc cref="SettleWithPermitAsync" path="/param"/>
    public Task<string> SubmitSettleWithPermitAsync(Eip2612Permit permit2612, PermitTransferFrom permit, BigInteger amount,
        EvmAddress owner, UptoWitness witness, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SubmitAsync(X402ProxyCalls.UptoSettleWithPermit(permit2612, permit, amount, owner, witness, Bytes(signature)), cancellationToken);
}
