using System.Numerics;
using IndieGent.Chain;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using Nethereum.Signer;

namespace IndieGent.Payments.Tests;

/// <summary>A token of its own on the shared anvil, a merchant, and the server's settlement account, per test class.</summary>
public sealed class ChainWorld(AnvilFixture anvil) : IAsyncLifetime
{
    public AnvilFixture Anvil => anvil;

    /// <summary>The token through its owner (mints).</summary>
    public TokenClient Token { get; private set; } = null!;

    /// <summary>Submits authorizations for the server; holds gas money only.</summary>
    public TestAccount Settler { get; private set; } = null!;

    /// <summary>Our Permit2 (SignatureTransfer) on this chain, at the canonical address.</summary>
    public EvmAddress Permit2 { get; private set; }

    /// <summary>Receives payments (a fresh address per class, so balances are this class's own).</summary>
    public EvmAddress Merchant { get; } = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = await anvil.CreateFundedAccountAsync(ct);
        var web3 = anvil.CreateWeb3(owner.PrivateKey);
        Token = new TokenClient(web3, await TokenDeployer.DeployAsync(web3, new TokenDeploymentOptions(), ct));
        // Our Permit2 and x402 proxies at their canonical addresses, where payers (ours, the reference peers) look for them.
        Permit2 = (await IndieGent.Chain.Permit2.Permit2Deployer.SetCodeAsync(web3, IndieGent.Chain.Permit2.Permit2Signatures.CanonicalAddress, ct)).Address;
        await IndieGent.Chain.X402.X402UptoPermit2ProxyDeployer.PlaceAtCanonicalAddressAsync(web3, Permit2, ct);
        await IndieGent.Chain.X402.X402ExactPermit2ProxyDeployer.PlaceAtCanonicalAddressAsync(web3, Permit2, ct);
        Settler = await anvil.CreateFundedAccountAsync(ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A payer key with gas money and <paramref name="usdc"/> base units of the token.</summary>
    public async Task<TestAccount> NewPayerAsync(BigInteger usdc)
    {
        var account = await anvil.CreateFundedAccountAsync(TestContext.Current.CancellationToken);
        await Token.MintAsync(EvmAddress.Parse(account.Address), usdc, TestContext.Current.CancellationToken);
        return account;
    }

    public SelfCustodyPayerOptions PayerOptions(TestAccount payer)
    {
        var options = new SelfCustodyPayerOptions
        {
            PrivateKey = payer.PrivateKey,
            ChainId = anvil.ChainId,
            RpcUrl = new Uri(anvil.RpcUrl),
        };
        options.Tokens.Add(Token.Address);
        return options;
    }

    public Task<BigInteger> BalanceAsync(EvmAddress account) => Token.BalanceOfAsync(account, TestContext.Current.CancellationToken);

    public Task<BigInteger> BalanceAsync(string account) => BalanceAsync(EvmAddress.Parse(account));

    /// <summary>The payer sends <paramref name="amount"/> to the merchant itself (what a <c>hash</c> proof points to); returns the transaction hash.</summary>
    public async Task<string> TransferToMerchantAsync(TestAccount payer, BigInteger amount)
    {
        var token = new TokenClient(anvil.CreateWeb3(payer.PrivateKey), Token.Address);
        return (await token.TransferAsync(Merchant, amount, TestContext.Current.CancellationToken)).TransactionHash;
    }

    /// <summary>Transactions <paramref name="account"/> sent, mined or (<paramref name="pending"/>) waiting to be.</summary>
    public async Task<long> TransactionCountAsync(string account, bool pending = false)
    {
        var count = await anvil.CallAsync("eth_getTransactionCount", [account, pending ? "pending" : "latest"], TestContext.Current.CancellationToken);
        return Convert.ToInt64(count.GetString(), 16);
    }

    /// <summary>Stops mining: transactions wait in the pool. The chain is shared: only for tests that run alone (<see cref="PausedChain"/>).</summary>
    public Task PauseMiningAsync() => anvil.CallAsync("evm_setAutomine", [false], TestContext.Current.CancellationToken);

    /// <summary>Mines what waits in the pool and mines every transaction at once again.</summary>
    public async Task ResumeMiningAsync()
    {
        await anvil.CallAsync("evm_mine", [], TestContext.Current.CancellationToken);
        await anvil.CallAsync("evm_setAutomine", [true], TestContext.Current.CancellationToken);
    }
}
