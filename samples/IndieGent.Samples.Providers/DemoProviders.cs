namespace IndieGent.Samples.Providers;

/// <summary>This assembly's marker, for hosting the app in tests.</summary>
public sealed class DemoProviders;
