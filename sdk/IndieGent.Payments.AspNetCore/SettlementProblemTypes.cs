namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// The problem types this middleware adds to MPP's: 503 answers (with <c>Retry-After</c>) that ask the client to
/// send the same credential again rather than pay a new challenge, and the answers about x402 payment ids.
/// </summary>
public static class SettlementProblemTypes
{
    private const string Base = "https://indiegent.dev/problems/";

    /// <summary>503: nothing was settled (the server settles as many payments as it allows, or the chain was unreachable).</summary>
    public const string Unavailable = Base + "settlement-unavailable";

    /// <summary>503: the transfer was sent but not confirmed in time; the same credential is answered once it is.</summary>
    public const string Pending = Base + "settlement-pending";

    /// <summary>409: the x402 payment id was used for another payment (another payload, method or route).</summary>
    public const string PaymentIdentifierConflict = Base + "payment-identifier-conflict";

    /// <summary>503: a request with the same x402 payment id and payment is being answered; send it again shortly.</summary>
    public const string PaymentIdentifierInProgress = Base + "payment-identifier-in-progress";

    /// <summary>400: this server requires an x402 payment id (<c>extensions["payment-identifier"].info.id</c>).</summary>
    public const string PaymentIdentifierRequired = Base + "payment-identifier-required";
}
