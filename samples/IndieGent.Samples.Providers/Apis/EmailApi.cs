using IndieGent.Payments.AspNetCore.Marketplace;
using IndieGent.Samples.Providers.Email;
using IndieGent.Samples.Providers.Registration;

namespace IndieGent.Samples.Providers.Apis;

/// <summary>
/// The <c>demo-email</c> service: <c>POST /email/send</c> (paid) delivers to the in-memory inbox, which
/// <c>GET /email/inbox/{address}</c> (free, for people and tests) shows.
/// </summary>
public static class EmailApi
{
    public static IEndpointRouteBuilder MapEmailApi(this IEndpointRouteBuilder app)
    {
        var email = app.MapGroup("/email").WithTags("Email");
        email.MapPost("/send", Send).RequireMarketplaceCall(DemoCatalogue.Email.Slug);
        email.MapGet("/inbox/{address}", ReadInbox);
        return app;
    }

    public sealed record EmailAccepted(string MessageId);

    public sealed record InboxView(string Address, IReadOnlyList<EmailMessage> Messages);

    public static IResult Send(SendEmailRequest? body, HttpContext http, Inbox inbox, TimeProvider time)
    {
        var errors = body?.Validate() ?? new Dictionary<string, string[]> { ["body"] = ["Send {\"to\",\"subject\",\"text\"} as JSON."] };
        if (errors.Count > 0)
            return DemoProblems.Invalid(errors);
        var call = http.GetMarketplaceCall();
        // One paid call, one message: its id is the call's, so the two can be matched in the platform's records.
        var message = new EmailMessage($"msg_{call.CallId:N}", body!.To!, body.Subject!, body.Text!, time.GetUtcNow(), call.CallId);
        inbox.Deliver(message);
        return TypedResults.Accepted($"/email/inbox/{Uri.EscapeDataString(message.To)}", new EmailAccepted(message.MessageId));
    }

    public static IResult ReadInbox(string address, Inbox inbox) =>
        SendEmailRequest.IsAddress(address)
            ? TypedResults.Ok(new InboxView(address, inbox.For(address)))
            : DemoProblems.Invalid(new Dictionary<string, string[]> { ["address"] = ["The address is one plain email address, e.g. ada@example.com."] });
}
