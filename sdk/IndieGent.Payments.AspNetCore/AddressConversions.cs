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
}
