namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// The problem types this middleware adds to MPP's, for 503 answers (with <c>Retry-After</c>) that ask the
/// client to send the same credential again rather than pay a new challenge.
/// </summary>
public static class SettlementProblemTypes
{
    private const string Base = "https://indiegent.dev/problems/";

    /// <summary>503: nothing was settled (the server settles as many payments as it allows, or the chain was unreachable).</summary>
    public const string Unavailable = Base + "settlement-unavailable";

    /// <summary>503: the transfer was sent but not confirmed in time; the same credential is answered once it is.</summary>
    public const string Pending = Base + "settlement-pending";
}
