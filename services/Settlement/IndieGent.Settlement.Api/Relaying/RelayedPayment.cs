namespace IndieGent.Settlement.Api.Relaying;

/// <summary>What a payment's relay needs for its credential: the protocol (<c>mpp</c> or <c>mpp-dialect</c>) and the challenge answered.</summary>
public sealed record RelayedPayment(string Protocol, string Challenge);
