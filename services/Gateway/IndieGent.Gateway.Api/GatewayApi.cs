namespace IndieGent.Gateway.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class GatewayApi;
