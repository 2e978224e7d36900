namespace IndieGent.Onramp.Simulator.Apis;

/// <summary>The control API's "Pay": the USD amount, needed only when the session was created without one.</summary>
public sealed record PayRequest(decimal? PaymentAmount);
