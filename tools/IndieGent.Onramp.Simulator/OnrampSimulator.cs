namespace IndieGent.Onramp.Simulator;

/// <summary>
/// Marker type for <c>WebApplicationFactory&lt;OnrampSimulator&gt;</c> in tests: the entry point is
/// generated, and a test project that also references a service would otherwise see two
/// <c>Program</c> classes.
/// </summary>
public sealed class OnrampSimulator;
