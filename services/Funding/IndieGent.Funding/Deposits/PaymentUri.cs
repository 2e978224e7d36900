using System.Globalization;
using System.Numerics;
using IndieGent.Chain;

namespace IndieGent.Funding.Deposits;

/// <summary>
/// EIP-681 payment requests for an ERC-20 transfer, as wallets read them from a link or a QR code:
/// <c>ethereum:&lt;token&gt;@&lt;chainId&gt;/transfer?address=&lt;recipient&gt;[&amp;uint256=&lt;amount&gt;]</c>.
/// The target is the token contract and the recipient a parameter of its <c>transfer</c>; the
/// amount, when given, is in the token's base units (wallets that understand EIP-681 convert it).
/// </summary>
public static class PaymentUri
{
    public static string Erc20Transfer(EvmAddress token, long chainId, EvmAddress recipient, BigInteger? amount = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        if (amount is { } value && value <= BigInteger.Zero)
            throw new ArgumentOutOfRangeException(nameof(amount), "A payment request asks for a positive amount.");
        var uri = string.Create(CultureInfo.InvariantCulture, $"ethereum:{token.ToChecksumHex()}@{chainId}/transfer?address={recipient.ToChecksumHex()}");
        return amount is { } units ? uri + "&uint256=" + units.ToString(CultureInfo.InvariantCulture) : uri;
    }
}
