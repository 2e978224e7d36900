using IndieGent.Chain;
using IndieGent.Settlement.Api.Chain;
using Microsoft.Extensions.Options;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// The token's EIP-712 domain, read from the contract once (name, version, chain id, checked
/// against its DOMAIN_SEPARATOR) and kept; a failed read is tried again on the next call.
/// </summary>
public sealed class TokenDomainProvider(IWeb3 web3, IOptions<ChainOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TokenDomain? _domain;

    public async Task<TokenDomain> GetAsync(CancellationToken ct)
    {
        if (_domain is { } known)
            return known;
        await _gate.WaitAsync(ct);
        try
        {
            return _domain ??= await TokenDomain.ReadAsync(web3, EvmAddress.Parse(options.Value.TokenAddress), ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
