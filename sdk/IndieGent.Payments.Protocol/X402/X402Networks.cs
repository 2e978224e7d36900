using System.Globalization;
using IndieGent.Payments.Protocol.Evm;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>Network identifiers: CAIP-2 <c>eip155:&lt;chainId&gt;</c> in v2, names such as <c>base-sepolia</c> in v1.</summary>
public static class X402Networks
{
    private const string Eip155Prefix = "eip155:";

    /// <summary>The CAIP-2 identifier of an EVM chain.</summary>
    /// <param name="chainId">The EIP-155 chain id.</param>
    /// <returns>For example <c>eip155:8453</c>.</returns>
    public static string ToCaip2(long chainId) => Eip155Prefix + chainId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads an EVM chain id from a CAIP-2 identifier or, failing that, a configured network name.</summary>
    /// <param name="network">The <c>network</c> member.</param>
    /// <param name="directory">Names for v1 networks; may be <see langword="null"/> for CAIP-2 only.</param>
    /// <param name="chainId">The chain id when recognised.</param>
    /// <returns><see langword="true"/> when the network is a known EVM chain.</returns>
    public static bool TryGetEvmChainId(string network, EvmNetworkDirectory? directory, out long chainId)
    {
        ArgumentNullException.ThrowIfNull(network);
        chainId = 0;
        if (network.StartsWith(Eip155Prefix, StringComparison.Ordinal))
        {
            var digits = network.AsSpan(Eip155Prefix.Length);
            if (digits.Length == 0 || (digits[0] == '0' && digits.Length > 1))
                return false;
            foreach (var c in digits)
            {
                if (c is < '0' or > '9')
                    return false;
            }

            return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out chainId) && chainId > 0;
        }

        return directory is not null && directory.TryGetChainId(network, out chainId);
    }
}
