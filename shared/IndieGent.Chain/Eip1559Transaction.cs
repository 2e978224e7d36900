using System.Numerics;
using IndieGent.Chain.Token.Functions;
using Nethereum.Contracts;
using Nethereum.Model;
using Nethereum.Signer;
using Nethereum.Util;

namespace IndieGent.Chain;

/// <summary>
/// An EIP-1559 (type 2) transaction as IndieGent signs them: an ERC-20 <c>transfer</c> from a
/// wallet, or the zero-value transaction to itself that takes a pending transfer's nonce and so
/// cancels it. Amounts and fees in wei / base units.
/// </summary>
public sealed record Eip1559Transaction(
    long ChainId,
    long Nonce,
    BigInteger MaxPriorityFeePerGas,
    BigInteger MaxFeePerGas,
    long GasLimit,
    EvmAddress To,
    BigInteger Value,
    byte[] Data)
{
    /// <summary>The gas a plain value transfer uses (a cancellation).</summary>
    public const long PlainTransferGas = 21_000;

    /// <summary><c>transfer(recipient, amount)</c> on <paramref name="token"/>.</summary>
    public static Eip1559Transaction TokenTransfer(long chainId, long nonce, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas,
        long gasLimit, EvmAddress token, EvmAddress recipient, BigInteger amount) =>
        new(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, token, BigInteger.Zero,
            TransferCalldata(recipient, amount));

    /// <summary>Nothing to <paramref name="self"/> at <paramref name="nonce"/>: once mined, no other transaction with that nonce can be.</summary>
    public static Eip1559Transaction Cancellation(long chainId, long nonce, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas,
        EvmAddress self) =>
        new(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, PlainTransferGas, self, BigInteger.Zero, []);

    /// <summary>The ABI call data of <c>transfer(recipient, amount)</c>.</summary>
    public static byte[] TransferCalldata(EvmAddress recipient, BigInteger amount) =>
        new TransferFunction { To = recipient.ToChecksumHex(), Value = amount }.GetCallData();

    /// <summary>The most this transaction can cost its sender in gas, in wei.</summary>
    public BigInteger MaxGasCost => MaxFeePerGas * GasLimit;

    /// <summary>Signs with <paramref name="key"/>: the raw transaction for <c>eth_sendRawTransaction</c> and its hash.</summary>
    public SignedTransaction Sign(EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var transaction = new Transaction1559(ChainId, Nonce, MaxPriorityFeePerGas, MaxFeePerGas, GasLimit, To.ToChecksumHex(), Value,
            "0x" + Convert.ToHexStringLower(Data), []);
        var raw = new Transaction1559Signer().SignTransaction(key, transaction);
        if (raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            raw = raw[2..];
        var bytes = Convert.FromHexString(raw);
        return new SignedTransaction("0x" + raw.ToLowerInvariant(), "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(bytes)));
    }
}

/// <summary>A signed transaction: <paramref name="Raw"/> (0x-prefixed RLP, a bearer instrument until mined; never logged) and its hash.</summary>
public sealed record SignedTransaction(string Raw, string Hash);
