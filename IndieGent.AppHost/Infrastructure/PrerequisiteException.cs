namespace IndieGent.AppHost.Infrastructure;

/// <summary>Something the platform needs is not installed or not configured; the message says what to run.</summary>
public sealed class PrerequisiteException(string message) : Exception(message);
