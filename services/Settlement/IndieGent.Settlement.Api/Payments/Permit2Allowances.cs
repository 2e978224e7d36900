using System.Numerics;
using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Relaying;
using Microsoft.Extensions.Options;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// A custodial wallet's allowance for Permit2, made once: a <c>permit2</c> credential is useless until Permit2 may move the
/// wallet's tokens. The Wallet signs the token's EIP-2612 permit (for the uint256 maximum, under the payment's ticket), the
/// platform's relayer sends it and pays the gas, and the payment waits, bounded, until the allowance is on chain.
/// </summary>
public sealed partial class Permit2Allowances(IWeb3 web3, WalletSigner wallet, Relayer relayer, TokenDomainProvider domains,
    IOptions<ChainOptions> chainOptions, IOptions<PaymentSettlementOptions> settlementOptions, TimeProvider time, ILogger<Permit2Allowances> logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly ChainOptions _chain = chainOptions.Value;

    /// <summary>The Permit2 this platform pays through.</summary>
    public EvmAddress Permit2 { get; } = EvmAddress.Parse(chainOptions.Value.Permit2Address);

    /// <summary>Null once <paramref name="owner"/> lets Permit2 move at least <paramref name="amount"/>; otherwise why not (yet).</summary>
    public async Task<string?> EnsureAsync(SettlePayment m, EvmAddress owner, BigInteger amount, CancellationToken ct)
    {
        var token = new TokenClient(web3, EvmAddress.Parse(_chain.TokenAddress));
        if (await token.AllowanceAsync(owner, Permit2, ct) >= amount)
            return null;

        var domain = await domains.GetAsync(ct);
        var nonce = await token.NoncesAsync(owner, ct);
        var deadline = time.GetUtcNow().Add(settlementOptions.Value.AuthorizationLifetime).ToUnixTimeSeconds();
        var (signed, refused) = await wallet.SignAsync(new SignPermit2Allowance(m.PaymentId, m.AgentId, _chain.ChainId, domain.VerifyingContract.ToChecksumHex(),
            domain.Name, domain.Version, Permit2.ToChecksumHex(), nonce.ToString(System.Globalization.CultureInfo.InvariantCulture), deadline, m.Ticket), ct);
        if (refused is not null)
            return $"The Wallet refused the Permit2 allowance ({refused.Reason}): {refused.Detail}";

        var permit = new RelayedPermit(owner, Permit2, BigInteger.Parse(signed!.Value, System.Globalization.CultureInfo.InvariantCulture), deadline,
            EvmSignature.Parse(signed.Signature));
        string? shortfall = null;
        var relay = await relayer.RelayAsync(new RelayRequest(m.PaymentId, RelayPurpose.Permit2Allowance, m.AgentId, null, m.Ticket, null, permit, nonce),
            (balance, needed) => shortfall = $"The platform's relayer holds {balance} wei for gas, {needed} needed; try again later.", ct);
        if (relay is null)
            return shortfall;
        LogRelayed(owner, m.PaymentId);

        // The relay is with the node (or mined already): the allowance shows once it is in a block.
        var until = time.GetUtcNow() + settlementOptions.Value.Permit2AllowanceWait;
        while (time.GetUtcNow() < until)
        {
            await Task.Delay(Poll, time, ct);
            if (await token.AllowanceAsync(owner, Permit2, ct) >= amount)
                return null;
        }

        return "The wallet's one-time Permit2 allowance is not on chain yet; pay again in a moment.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relaying {Owner}'s Permit2 allowance for payment {PaymentId}")]
    private partial void LogRelayed(EvmAddress owner, Guid paymentId);
}
