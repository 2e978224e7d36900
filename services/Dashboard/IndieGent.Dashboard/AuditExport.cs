using System.Globalization;
using IndieGent.Dashboard.Gateway;

namespace IndieGent.Dashboard;

/// <summary>
/// The audit download: the Audit page's form asks for a range of days, an agent or all, CSV or JSON; the
/// Gateway's export (<c>GET /v1/audit</c>) is streamed through to the browser as a file.
/// </summary>
public static class AuditExport
{
    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit/export", ExportAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> ExportAsync(string? agent, string? from, string? to, string? format, HttpContext http, OperatorSession session,
        GatewayClient gateway, CancellationToken ct)
    {
        var kind = format is "json" ? "json" : "csv";
        Guid? agentId = null;
        if (agent is { Length: > 0 })
        {
            if (!Guid.TryParse(agent, out var id))
                return Back("That agent is not one of yours.");
            agentId = id;
        }

        if (!TryDay(from, out var first) || !TryDay(to, out var last))
            return Back("Dates are days like 2026-12-31.");
        if (first is { } a && last is { } b && b < a)
            return Back("The last day comes before the first.");

        HttpResponseMessage answer;
        try
        {
            // Days are UTC days, the last one included.
            answer = await gateway.AuditExportAsync(session.ApiKey, agentId, Start(first), Start(last?.AddDays(1)), kind, ct);
        }
        catch (GatewayProblem problem)
        {
            return Back(problem.Detail ?? problem.Title);
        }

        http.Response.RegisterForDispose(answer);
        var name = $"indiegent-audit{(agentId is { } one ? "-" + one.ToString()[..8] : "")}{(first is { } f ? "-from-" + Day(f) : "")}{(last is { } l ? "-to-" + Day(l) : "")}.{kind}";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(await answer.Content.ReadAsStreamAsync(ct), kind == "csv" ? "text/csv; charset=utf-8" : "application/json",
            fileDownloadName: name);
    }

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        day = parsed;
        return true;
    }

    private static DateTimeOffset? Start(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IResult Back(string error) => TypedResults.LocalRedirect($"/audit?error={Uri.EscapeDataString(error)}");
}
