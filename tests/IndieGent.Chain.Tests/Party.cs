using IndieGent.Chain;
using IndieGent.Testing;
using Nethereum.Signer;
using Nethereum.Web3;

namespace IndieGent.Chain.Tests;

/// <summary>A funded test account with its key and a token client that sends from it.</summary>
public sealed record Party(EvmAddress Address, EthECKey Key, IWeb3 Web3, TokenClient Token)
{
    public static Party For(AnvilFixture anvil, TestAccount account, EvmAddress token)
    {
        var web3 = anvil.CreateWeb3(account.PrivateKey);
        return new Party(EvmAddress.Parse(account.Address), new EthECKey(account.PrivateKey), web3, new TokenClient(web3, token));
    }

    public override string ToString() => Address.ToString();
}
