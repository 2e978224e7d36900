using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Background loops (chain followers, the outbox relay, clean-ups) run many times a second: a trace
/// per pass would bury the traces people look for. Inside <see cref="Untraced"/> no span is
/// recorded — metrics and logs still are — and a message relayed here keeps the trace it was
/// published in, so a payment stays one trace.
/// </summary>
public static class BackgroundWork
{
    /// <summary>Suppresses spans until disposed.</summary>
    public static IDisposable Untraced() => SuppressInstrumentationScope.Begin();
}
