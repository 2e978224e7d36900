using System.Numerics;
using IndieGent.Chain.Token.Functions;
using Nethereum.ABI.EIP712;
using Nethereum.Web3;

namespace IndieGent.Chain;

/// <summary>
/// The EIP-712 domain a token verifies EIP-3009 and EIP-2612 signatures against:
/// <c>EIP712Domain(string name, string version, uint256 chainId, address verifyingContract)</c>.
/// </summary>
/// <remarks>
/// As on real USDC, the domain name is the token's <c>name()</c> and the domain version its
/// <c>version()</c>, so <see cref="ReadAsync"/> reads the domain from the token itself (MPP and x402
/// challenges do not carry it), then checks the result against the token's <c>DOMAIN_SEPARATOR()</c>.
/// </remarks>
/// <param name="Name">EIP-712 domain name, the token's <c>name()</c>.</param>
/// <param name="Version">EIP-712 domain version, the token's <c>version()</c>.</param>
/// <param name="ChainId">The chain the token lives on.</param>
/// <param name="VerifyingContract">The token address.</param>
public sealed record TokenDomain(string Name, string Version, BigInteger ChainId, EvmAddress VerifyingContract)
{
    /// <summary>
    /// Reads <c>name()</c>, <c>version()</c> and the chain id, and verifies that they hash to the
    /// token's <c>DOMAIN_SEPARATOR()</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The token's separator is not the one its name and version imply.</exception>
    public static async Task<TokenDomain> ReadAsync(IWeb3 web3, EvmAddress token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        var address = token.ToChecksumHex();
        var name = await web3.Eth.GetContractQueryHandler<NameFunction>()
            .QueryAsync<string>(address, new NameFunction()).WaitAsync(cancellationToken);
        var version = await web3.Eth.GetContractQueryHandler<VersionFunction>()
            .QueryAsync<string>(address, new VersionFunction()).WaitAsync(cancellationToken);
        var chainId = await web3.Eth.ChainId.SendRequestAsync().WaitAsync(cancellationToken);
        var separator = await web3.Eth.GetContractQueryHandler<DomainSeparatorFunction>()
            .QueryAsync<byte[]>(address, new DomainSeparatorFunction()).WaitAsync(cancellationToken);

        var domain = new TokenDomain(name, version, chainId.Value, token);
        if (!domain.ComputeSeparator().AsSpan().SequenceEqual(separator))
        {
            throw new InvalidOperationException(
                $"The token {token} on chain {chainId.Value} reports a DOMAIN_SEPARATOR that does not match " +
                $"name()='{name}' and version()='{version}'; signatures built from them would not verify.");
        }

        return domain;
    }

    /// <summary>The domain as Nethereum's EIP-712 <see cref="Domain"/> (a new instance each call).</summary>
    public Domain ToEip712Domain() => new()
    {
        Name = Name,
        Version = Version,
        ChainId = ChainId,
        VerifyingContract = VerifyingContract.ToChecksumHex(),
    };

    /// <summary>The 32-byte EIP-712 domain separator (hashStruct of the domain).</summary>
    public byte[] ComputeSeparator()
    {
        var typedData = new TypedData<Domain>
        {
            Domain = ToEip712Domain(),
            Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain)),
            PrimaryType = "EIP712Domain",
        };
        return Eip712TypedDataEncoder.Current.HashDomainSeparator(typedData);
    }
}
