using IndieGent.Payments.Protocol.Http;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>Every <c>Payment</c> challenge of a response, sorted into what could and could not be used.</summary>
/// <param name="Challenges">Valid MPP challenges, in server order.</param>
/// <param name="LegacyDialect">Challenges in the older IndieGent dialect, in server order, for <c>LegacyPaymentChallenge</c>.</param>
/// <param name="Errors">Why each rejected Payment challenge was rejected.</param>
public sealed record PaymentChallengeSet(
    IReadOnlyList<PaymentChallenge> Challenges,
    IReadOnlyList<AuthChallenge> LegacyDialect,
    IReadOnlyList<PaymentProtocolException> Errors);
