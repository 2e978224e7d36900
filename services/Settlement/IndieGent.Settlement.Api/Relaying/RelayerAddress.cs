using IndieGent.Chain;
using IndieGent.Settlement.Api.Payments;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>The relayer's address, asked of the Wallet once and kept (the relayer never changes); a failed ask is tried again next time.</summary>
public sealed class RelayerAddress(WalletSigner wallet)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EvmAddress? _address;

    /// <summary>The address once known, without asking.</summary>
    public EvmAddress? Known => _address;

    public async Task<EvmAddress> GetAsync(CancellationToken ct)
    {
        if (_address is { } known)
            return known;
        await _gate.WaitAsync(ct);
        try
        {
            return _address ??= EvmAddress.Parse((await wallet.RelayerAsync(ct)).Address);
        }
        finally
        {
            _gate.Release();
        }
    }
}
