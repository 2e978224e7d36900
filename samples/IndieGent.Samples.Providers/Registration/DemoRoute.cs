namespace IndieGent.Samples.Providers.Registration;

/// <summary>A priced route of a service (path relative to the service's base URL).</summary>
public sealed record DemoRoute(string Method, string Path, string Price);
