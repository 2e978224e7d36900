namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>CDP's <c>OnrampSession</c>: the single-use URL the user is sent to.</summary>
public sealed record OnrampSessionLink(string OnrampUrl);
