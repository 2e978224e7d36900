namespace IndieGent.Dashboard;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class DashboardApp;
