namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>The RFC 9457 problem types a provider answers refused marketplace calls with.</summary>
public static class MarketplaceProblemTypes
{
    private const string Base = "https://indiegent.dev/problems/";

    /// <summary>401: the request carries no <c>IndieGent-Marketplace-Call</c> header; this endpoint is paid through the marketplace.</summary>
    public const string CallRequired = Base + "marketplace-call-required";

    /// <summary>401: the header is forged, malformed, for another provider or request, expired or used before (the detail says which).</summary>
    public const string InvalidCall = Base + "invalid-marketplace-call";

    /// <summary>
    /// 503 with <c>Retry-After</c>: the call cannot be checked now, because this provider does not know its marketplace id yet
    /// (it is still registering) or the platform's keys could not be fetched.
    /// </summary>
    public const string Unavailable = Base + "marketplace-call-unavailable";
}
