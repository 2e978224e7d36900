namespace IndieGent.Payments.AspNetCore;

/// <summary>The protocol core's addresses (dependency-free) as the chain library's, by their 20 bytes.</summary>
internal static class AddressConversions
{
    public static IndieGent.Chain.EvmAddress ToChain(this Protocol.Evm.EvmAddress address)
    {
        Span<byte> bytes = stackalloc byte[IndieGent.Chain.EvmAddress.Length];
        address.WriteTo(bytes);
        return IndieGent.Chain.EvmAddress.FromBytes(bytes);
    }

    /// <summary>The chain library's address as the protocol library's.</summary>
    public static IndieGent.Payments.Protocol.Evm.EvmAddress ToProtocol(this IndieGent.Chain.EvmAddress address) =>
        IndieGent.Payments.Protocol.Evm.EvmAddress.Parse(address.ToChecksumHex());
}
