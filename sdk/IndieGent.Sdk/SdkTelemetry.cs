using System.Diagnostics;

namespace IndieGent.Sdk;

/// <summary>The SDK's OpenTelemetry source: add <see cref="SourceName"/> to a tracer provider.</summary>
public static class SdkTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string SourceName = "IndieGent.Sdk";

    internal static readonly ActivitySource Source = new(SourceName, typeof(SdkTelemetry).Assembly.GetName().Version?.ToString());
}
