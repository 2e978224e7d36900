using System.Globalization;
using System.Text.Json;
using IndieGent.Onramp.Simulator.Auth;
using IndieGent.Onramp.Simulator.Coinbase;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;
using IndieGent.Onramp.Simulator.Status;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Onramp.Simulator.Apis;

/// <summary>
/// The v1 Transaction Status API, <c>GET /onramp/v1/buy/user/{partnerUserRef}/transactions</c>
/// (server base <c>https://api.developer.coinbase.com/onramp</c>), for polling when webhooks do
/// not come. The page size and key are read under both spellings Coinbase documents
/// (<c>pageSize</c>/<c>pageKey</c> and <c>page_size</c>/<c>page_key</c>).
/// </summary>
public static class TransactionStatusApi
{
    public const string Path = "/onramp/v1/buy/user/{partnerUserRef}/transactions";

    /// <summary>Coinbase's documented default page size.</summary>
    public const int DefaultPageSize = 1;

    public const int MaxPageSize = 1000;

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEndpointRouteBuilder MapTransactionStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetTransactions).AddEndpointFilter<CdpAuthenticationFilter>().WithTags("Coinbase");
        return app;
    }

    public static Results<JsonHttpResult<TransactionStatusPage>, JsonHttpResult<CoinbaseError>> GetTransactions(
        HttpContext context, string partnerUserRef, SessionStore sessions, UsdcMinter minter)
    {
        var query = context.Request.Query;
        var sizeText = Param(query, "pageSize", "page_size");
        var keyText = Param(query, "pageKey", "page_key");
        var size = DefaultPageSize;
        if (sizeText is not null && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
            return CoinbaseErrors.BadRequest(context, $"pageSize must be an integer from 1 to {MaxPageSize}.");
        // The page key is opaque to callers; here it is the offset of the next page.
        var offset = 0;
        if (keyText is not null && (!int.TryParse(keyText, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
            return CoinbaseErrors.BadRequest(context, "pageKey is not a page key this API returned.");

        var all = sessions.TransactionsOf(partnerUserRef);
        var page = all.Skip(offset).Take(size)
            .Select(p => TransactionStatusView.From(p.Session, p.Transaction, minter.Token.ToChecksumHex()))
            .ToList();
        var next = offset + size < all.Count ? (offset + size).ToString(CultureInfo.InvariantCulture) : "";
        return TypedResults.Json(new TransactionStatusPage(page, next, all.Count.ToString(CultureInfo.InvariantCulture)), SnakeCase);
    }

    private static string? Param(IQueryCollection query, string camel, string snake) =>
        query.TryGetValue(camel, out var a) && !string.IsNullOrEmpty(a) ? a.ToString()
        : query.TryGetValue(snake, out var b) && !string.IsNullOrEmpty(b) ? b.ToString()
        : null;
}
