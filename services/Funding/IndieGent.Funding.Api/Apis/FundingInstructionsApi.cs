using System.Globalization;
using System.Numerics;
using System.Security.Claims;
using IndieGent.Chain;
using IndieGent.Funding.Api.Deposits;
using IndieGent.Funding.Api.Onramp;
using IndieGent.Funding.Api.Wallets;
using IndieGent.Funding.Deposits;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Microsoft.Extensions.Options;
using QRCoder;

namespace IndieGent.Funding.Api.Apis;

/// <summary>
/// How to fund an agent's wallet and what arrived: the address, an EIP-681 payment request and its
/// QR code, the confirmations a deposit needs, the deposit history and the card on-ramp orders.
/// <c>GET /v1/agents/{id}/funding</c> for the operator, <c>GET /v1/wallet/funding</c> for the agent itself,
/// <c>GET /v1/treasury/funding</c> for the operator's treasury.
/// </summary>
public static class FundingInstructionsApi
{
    private const int HistoryLength = 100;
    private const int QrPixelsPerModule = 6;

    public static IEndpointRouteBuilder MapFundingInstructionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/agents/{agentId:guid}/funding", ForOperator).WithTags("Funding").RequireAuthorization();
        app.MapGet("/v1/wallet/funding", ForAgent).WithTags("Funding").RequireAuthorization(IdentityPolicies.Agent);
        app.MapGet("/v1/treasury/funding", ForTreasury).WithTags("Funding").RequireAuthorization(IdentityPolicies.Operator);
        return app;
    }

    public sealed record TokenView(string Address, string Symbol, int Decimals);

    /// <param name="Amount">Base units; <paramref name="AmountFormatted"/> in whole tokens.</param>
    public sealed record DepositView(
        string Id, string Amount, string AmountFormatted, string From, string TxHash, long BlockNumber, string Status, DateTimeOffset DetectedAt,
        DateTimeOffset? CreditedAt);

    /// <param name="PaymentUri">EIP-681: what a wallet app opens to send the token to this address.</param>
    /// <param name="QrCodeSvg">The payment URI as a QR code (SVG markup).</param>
    public sealed record FundingView(
        Guid AgentId, long ChainId, TokenView Token, string Address, string PaymentUri, string QrCodeSvg, int MinimumConfirmations,
        bool CardOnrampAvailable, IReadOnlyList<DepositView> Deposits, IReadOnlyList<OnrampApi.OrderView> OnrampOrders);

    public static async Task<IResult> ForOperator(Guid agentId, string? amount, ClaimsPrincipal user, IQuerySession session,
        IOptions<FundingChainOptions> chain, IOptions<OnrampOptions> onramp, CancellationToken ct) =>
        await FundingAccess.ReadableAsync(session, agentId, user, ct) is { } wallet
            ? await ViewAsync(wallet, amount, session, chain.Value, onramp.Value, ct)
            : FundingProblems.AgentNotFound(agentId);

    public static async Task<IResult> ForAgent(string? amount, ClaimsPrincipal user, IQuerySession session,
        IOptions<FundingChainOptions> chain, IOptions<OnrampOptions> onramp, CancellationToken ct)
    {
        var agentId = user.AgentId()!.Value;
        return await FundingAccess.ReadableAsync(session, agentId, user, ct) is { } wallet
            ? await ViewAsync(wallet, amount, session, chain.Value, onramp.Value, ct)
            : FundingProblems.AgentNotFound(agentId);
    }

    /// <summary>The operator's treasury: the same instructions and history (<c>agentId</c> is the treasury's id there).</summary>
    public static async Task<IResult> ForTreasury(string? amount, ClaimsPrincipal user, IQuerySession session,
        IOptions<FundingChainOptions> chain, IOptions<OnrampOptions> onramp, CancellationToken ct) =>
        await OnrampApi.TreasuryOfAsync(session, user, ct) is { } treasury
            ? await ViewAsync(treasury, amount, session, chain.Value, onramp.Value, ct)
            : FundingProblems.TreasuryNotFound();

    private static async Task<IResult> ViewAsync(FundedWallet wallet, string? amount, IQuerySession session, FundingChainOptions chain,
        OnrampOptions onramp, CancellationToken ct)
    {
        BigInteger? units = null;
        if (amount is not null)
        {
            if (!TokenAmount.TryParse(amount, chain.TokenDecimals, out var parsed))
                return FundingProblems.InvalidAmount(
                    $"'amount' must be a positive number of {chain.TokenSymbol} with at most {chain.TokenDecimals} decimals, e.g. 25.50.");
            units = parsed;
        }

        var token = EvmAddress.Parse(chain.TokenAddress);
        var uri = PaymentUri.Erc20Transfer(token, chain.ChainId, EvmAddress.Parse(wallet.Address), units);

        var batch = session.CreateBatchQuery();
        var deposits = batch.Query<DepositRecord>().Where(d => d.AgentId == wallet.Id).OrderByDescending(d => d.BlockNumber)
            .ThenByDescending(d => d.LogIndex).Take(HistoryLength).ToList();
        var orders = batch.Query<OnrampOrder>().Where(o => o.AgentId == wallet.Id).OrderByDescending(o => o.CreatedAt).Take(HistoryLength).ToList();
        await batch.Execute(ct);

        return TypedResults.Ok(new FundingView(wallet.Id, chain.ChainId, new TokenView(token.ToChecksumHex(), chain.TokenSymbol, chain.TokenDecimals),
            EvmAddress.Parse(wallet.Address).ToChecksumHex(), uri, QrSvg(uri), chain.Confirmations, onramp.Enabled,
            (await deposits).Select(d => View(d, chain.TokenDecimals)).ToList(),
            (await orders).Select(OnrampApi.View).ToList()));
    }

    private static DepositView View(DepositRecord d, int decimals) =>
        new(d.Id, d.Amount, TokenAmount.Format(BigInteger.Parse(d.Amount, NumberStyles.None, CultureInfo.InvariantCulture), decimals), d.From,
            d.TxHash, d.BlockNumber, d.Status == DepositStatus.Credited ? "credited" : "pending-confirmations", d.DetectedAt, d.CreditedAt);

    private static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(QrPixelsPerModule);
    }
}
