using System.Net;
using System.Text;
using IndieGent.Sdk;
using IndieGent.Sdk.Marketplace;

namespace IndieGent.Cli;

/// <summary>Turns what went wrong (an API problem, an SDK refusal, a dead network) into a sentence and an exit code.</summary>
public static class Failures
{
    // The platform's reasons for refusing a payment that the operator's controls (or the caller's own limit) decided;
    // compared without case or dashes, so "ExceedsDailyBudget" and ".../exceeds-daily-budget" both match.
    private static readonly HashSet<string> PolicyReasons = new(StringComparer.Ordinal)
    {
        "exceedsperpaymentlimit", "exceedsdailybudget", "exceedsmonthlybudget", "recipientdenied", "recipientnotallowed",
        "hostdenied", "hostnotallowed", "accountdisabled", "rejectedbyoperator", "approvaltimedout", "priceabovemaximum",
        "approvalrequired",
    };

    private static string Normalise(string value) => value.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Whether <paramref name="reason"/> (a reason or a problem type's slug) is a refusal by a spending rule.</summary>
    public static bool IsPolicyRefusal(string? reason) => reason is { Length: > 0 } && PolicyReasons.Contains(Normalise(reason));

    public static bool IsInsufficientFunds(string? reason) => reason is { Length: > 0 } && Normalise(reason) == "insufficientfunds";

    /// <summary>The exit code for an answer of the gateway with <paramref name="status"/> and <paramref name="problem"/>.</summary>
    public static int ExitCodeFor(HttpStatusCode status, ApiProblem? problem)
    {
        var reason = problem?.Reason ?? problem?.Slug;
        if (IsInsufficientFunds(reason) || IsInsufficientFunds(problem?.Slug))
            return ExitCodes.InsufficientFunds;
        if (IsPolicyRefusal(reason) || IsPolicyRefusal(problem?.Slug))
            return ExitCodes.RefusedByPolicy;
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.NetworkOrAuth,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ExitCodes.Usage,
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => ExitCodes.NetworkOrAuth,
            _ => ExitCodes.Other,
        };
    }

    /// <summary>A sentence for an API's problem: its <c>detail</c> first (what the API says happened), field errors listed.</summary>
    public static string Describe(HttpStatusCode status, ApiProblem? problem)
    {
        var text = new StringBuilder();
        if (status == HttpStatusCode.Unauthorized)
            text.Append("The gateway does not accept this API key (unknown or revoked). ");
        else if (status == HttpStatusCode.Forbidden && !IsPolicyRefusal(problem?.Reason ?? problem?.Slug))
            text.Append("This key may not do that (an operator key is needed for operator commands, an agent key for agent ones). ");
        if (problem?.Detail is { Length: > 0 } detail)
            text.Append(detail);
        else if (problem?.Title is { Length: > 0 } title)
            text.Append(title);
        else if (text.Length == 0)
            text.Append($"The gateway answered {(int)status} {status}.");
        foreach (var (field, messages) in problem?.Errors ?? new Dictionary<string, string[]>())
            text.Append($"\n  {field}: {string.Join(" ", messages)}");
        return text.ToString().Trim();
    }

    /// <summary>Any exception a command let through, as the CLI reports it.</summary>
    public static CliException From(Exception e, Uri? server) => e switch
    {
        CliException cli => cli,
        PaymentException payment => FromPayment(payment),
        MarketplaceCallRefundedException refunded => new CliException(ExitCodes.Other,
            $"The provider of '{refunded.Service}' failed ({refunded.Reason}); the call was voided and nothing was charged.",
            new ApiProblem(refunded.ProblemType, refunded.Title, (int?)refunded.StatusCode, refunded.Detail, refunded.Reason, refunded.CallId), e),
        MarketplaceCallException call when call.InnerException is PaymentException inner => FromPayment(inner),
        MarketplaceCallException call => new CliException(
            call.IsAwaitingApproval ? ExitCodes.RefusedByPolicy : ExitCodeFor(call.StatusCode ?? HttpStatusCode.InternalServerError,
                new ApiProblem(call.ProblemType, call.Title, (int?)call.StatusCode, call.Detail, call.Reason)),
            call.IsAwaitingApproval
                ? $"The call waits for the operator's approval (payment {call.CallId}); once approved, call again with the same --idempotency-key."
                : call.Detail ?? call.Message,
            new ApiProblem(call.ProblemType, call.Title, (int?)call.StatusCode, call.Detail, call.Reason, call.CallId), e),
        HttpRequestException http when http.StatusCode is null => new CliException(ExitCodes.NetworkOrAuth,
            $"Cannot reach {(server is null ? "the server" : server.ToString())}: {http.Message}", inner: e),
        TaskCanceledException or TimeoutException => new CliException(ExitCodes.NetworkOrAuth,
            $"No answer from {(server is null ? "the server" : server.ToString())} in time.", inner: e),
        System.Text.Json.JsonException json => new CliException(ExitCodes.Other, $"The gateway's answer could not be read: {json.Message}", inner: e),
        IOException io => new CliException(ExitCodes.Other, io.Message, inner: e),
        UnauthorizedAccessException access => new CliException(ExitCodes.Other, access.Message, inner: e),
        _ => new CliException(ExitCodes.Other, e.Message, inner: e),
    };

    private static CliException FromPayment(PaymentException e)
    {
        var problem = new ApiProblem(e.ProblemType, null, null, e.Message, e.Reason, e.PaymentId);
        if (IsInsufficientFunds(e.Reason))
            return new CliException(ExitCodes.InsufficientFunds, $"Payment refused: the wallet does not hold enough. {e.Message}", problem, e);
        if (IsPolicyRefusal(e.Reason))
            return new CliException(ExitCodes.RefusedByPolicy, $"Payment refused ({e.Reason}). {e.Message}", problem, e);
        if (e.Reason is "Http403" or "forbidden")
            return new CliException(ExitCodes.NetworkOrAuth, $"This key may not pay: payments are made with an agent's key, not an operator's. {e.Message}", problem, e);
        if (e.Reason is "Http401" or "invalid-api-key")
            return new CliException(ExitCodes.NetworkOrAuth, $"The gateway does not accept this API key (unknown or revoked). {e.Message}", problem, e);
        if (e.InnerException is HttpRequestException { StatusCode: null })
            return new CliException(ExitCodes.NetworkOrAuth, $"Cannot reach the gateway: {e.InnerException.Message}", problem, e);
        return new CliException(ExitCodes.Other, $"Not paid ({e.Reason}). {e.Message}", problem, e);
    }
}
