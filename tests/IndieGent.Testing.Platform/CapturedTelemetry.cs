using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace IndieGent.Testing.Platform;

/// <summary>
/// What the hosts' OpenTelemetry pipelines export: every span (name, tags, status, events) and
/// every log record (message, attributes), as text, after the hosts' own processors ran.
/// </summary>
public sealed class CapturedTelemetry
{
    private readonly ConcurrentQueue<string> _exported = new();

    /// <summary>Everything exported so far, one entry per span or log record.</summary>
    public IReadOnlyCollection<string> Exported => _exported;

    /// <summary>Everything exported so far, joined.</summary>
    public string All => string.Join('\n', _exported);

    public BaseExporter<Activity> Spans() => new SpanExporter(_exported);

    public BaseExporter<LogRecord> Logs() => new LogExporter(_exported);

    private sealed class SpanExporter(ConcurrentQueue<string> exported) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                var events = string.Join(";", span.Events.Select(e => e.Name + " " + string.Join(",", e.Tags.Select(t => $"{t.Key}={t.Value}"))));
                exported.Enqueue($"span {span.Source.Name} {span.DisplayName} [{string.Join(";", span.TagObjects.Select(t => $"{t.Key}={t.Value}"))}] " +
                                 $"{span.Status} {span.StatusDescription} {events}");
            }

            return ExportResult.Success;
        }
    }

    private sealed class LogExporter(ConcurrentQueue<string> exported) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var attributes = record.Attributes is null ? "" : string.Join(";", record.Attributes.Select(a => $"{a.Key}={a.Value}"));
                exported.Enqueue($"log {record.CategoryName} {record.FormattedMessage ?? record.Body} [{attributes}] {record.Exception?.GetType().Name}");
            }

            return ExportResult.Success;
        }
    }
}
