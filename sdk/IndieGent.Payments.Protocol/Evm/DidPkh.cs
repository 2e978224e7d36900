using System.Globalization;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>The credential <c>source</c> for EVM payers: <c>did:pkh:eip155:&lt;chainId&gt;:&lt;address&gt;</c>.</summary>
/// <param name="ChainId">The EIP-155 chain id.</param>
/// <param name="Address">The payer address.</param>
public readonly record struct DidPkh(long ChainId, EvmAddress Address)
{
    private const string Prefix = "did:pkh:eip155:";

    /// <summary>Parses a <c>did:pkh:eip155</c> identifier.</summary>
    /// <param name="text">The DID.</param>
    /// <returns>The chain and address.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidParameter"/> when the text is not an eip155 did:pkh.</exception>
    public static DidPkh Parse(string text) =>
        TryParse(text, out var did)
            ? did
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The source must be did:pkh:eip155:<chainId>:<address>.", "source");

    /// <summary>Parses without throwing.</summary>
    /// <param name="text">The DID.</param>
    /// <param name="did">The parsed value.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(string? text, out DidPkh did)
    {
        did = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = text.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || (rest[0] == '0' && colon > 1))
            return false;
        foreach (var c in rest[..colon])
        {
            if (c is < '0' or > '9')
                return false;
        }

        if (!long.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var chainId) || chainId <= 0
            || !EvmAddress.TryParse(rest[(colon + 1)..], out var address))
            return false;
        did = new DidPkh(chainId, address);
        return true;
    }

    /// <summary>The DID with the EIP-55 address.</summary>
    /// <returns><c>did:pkh:eip155:&lt;chainId&gt;:&lt;address&gt;</c>.</returns>
    public override string ToString() => Prefix + ChainId.ToString(CultureInfo.InvariantCulture) + ":" + Address;
}
