using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting defaults every IndieGent service gets: OpenTelemetry (traces, metrics, logs),
/// health endpoints, service discovery, resilient HTTP clients and RFC 9457 problem details.
/// </summary>
public static class Extensions
{
    /// <summary>Health checks carrying this tag are part of the liveness probe (<c>/alive</c>).</summary>
    public const string LiveTag = "live";

    /// <summary>Health checks carrying this tag are part of the readiness probe (<c>/health</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Activity sources and meters owned by IndieGent code start with this prefix.</summary>
    public const string TelemetryPrefix = "IndieGent";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = BareStatusProblems.Describe);
        // A request that cannot be read is a 4xx problem in every environment (Development included).
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            HttpLimits.Apply(kestrel.Limits, builder.Configuration.GetSection(HttpLimits.Section).Get<HttpLimits>() ?? new HttpLimits()));
        // Enums travel by name: a status of "Captured" means something to a reader, 2 does not.
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Added before any exporter, so nothing is exported unscrubbed.
        var redaction = TelemetryRedaction.From(builder.Configuration);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddProcessor(new TelemetryRedaction.LogProcessor(redaction));
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentationIfAvailable()
                .AddMeter("MassTransit", "Npgsql", "Marten", $"{TelemetryPrefix}.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit", "Npgsql", "Marten", $"{TelemetryPrefix}.*")
                // Probes would drown the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation()
                .AddProcessor(new TelemetryRedaction.SpanProcessor(redaction)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            builder.Services.AddOpenTelemetry().UseOtlpExporter();

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (readiness: every dependency check, answered as JSON) and <c>/alive</c>
    /// (liveness: the process itself). Both are mapped in every environment because Kubernetes and
    /// the AppHost probe them in production too; neither reveals anything beyond check names and states.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .DisableHttpMetrics();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableHttpMetrics();
        return app;
    }

    private static MeterProviderBuilder AddRuntimeInstrumentationIfAvailable(this MeterProviderBuilder metrics) =>
        // .NET 9+ publishes runtime metrics on the built-in "System.Runtime" meter; no extra package needed.
        metrics.AddMeter("System.Runtime");
}
