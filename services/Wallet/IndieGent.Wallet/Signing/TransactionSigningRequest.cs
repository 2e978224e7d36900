using System.Numerics;
using IndieGent.Chain;

namespace IndieGent.Wallet.Signing;

/// <summary>
/// A request to sign an EIP-1559 transaction for a payment: its ERC-20 transfer (first time, or
/// again with higher fees) or the cancellation of that transfer. Amounts and fees are decimal text.
/// </summary>
public sealed record TransactionSigningRequest(
    Guid PaymentId,
    Guid AgentId,
    TransactionKind Kind,
    long ChainId,
    string Token,
    string To,
    string Value,
    long GasLimit,
    string MaxFeePerGas,
    string MaxPriorityFeePerGas,
    long NonceFloor);

public enum TransactionKind
{
    /// <summary>The payment's ERC-20 transfer.</summary>
    Transfer,

    /// <summary>A zero-value transaction to the wallet itself at the transfer's nonce.</summary>
    Cancel,
}

/// <summary>The transfer and fees of a well-formed <see cref="TransactionSigningRequest"/>.</summary>
public sealed record RequestedTransfer(long ChainId, EvmAddress Token, EvmAddress To, BigInteger Value, long GasLimit, BigInteger MaxFeePerGas,
    BigInteger MaxPriorityFeePerGas);

/// <summary>What the signer will spend on gas at most: a guard against a confused or hostile caller.</summary>
public sealed record TransactionLimits(BigInteger MaxFeePerGas, long MaxGasLimit)
{
    /// <summary>500 gwei per gas and 300,000 gas: far above what an ERC-20 transfer needs on Base or mainnet.</summary>
    public static TransactionLimits Default { get; } = new(BigInteger.Parse("500000000000", System.Globalization.CultureInfo.InvariantCulture), 300_000);
}

/// <summary>
/// The transaction the Wallet signed for a payment (id = payment id): the nonce fixed at the first
/// signature, and every version signed at that nonce (the transfer, replacements with higher fees,
/// a cancellation). Only one version can ever be mined, so the payment can never be paid twice.
/// </summary>
public sealed record IssuedTransaction(
    Guid Id,
    Guid AgentId,
    string From,
    long ChainId,
    string Token,
    string To,
    string Value,
    long GasLimit,
    long Nonce,
    IReadOnlyList<SignedTransactionVersion> Versions);

/// <param name="Raw">0x-prefixed signed RLP: a bearer instrument until mined; never logged.</param>
public sealed record SignedTransactionVersion(TransactionKind Kind, string MaxFeePerGas, string MaxPriorityFeePerGas, string Raw, string Hash,
    DateTimeOffset SignedAt);

/// <summary>The next nonce the Wallet assigns to an agent's wallet (id = agent id).</summary>
public sealed record AgentNonce(Guid Id, long Next);
