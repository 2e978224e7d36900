using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as a small JSON document: the overall status and, per check, its status
/// and duration, its description and the plain values a check reports as data (numbers and text,
/// e.g. the relayer's address and balance). Exception details are deliberately left out (they can
/// carry connection strings).
/// </summary>
public static class HealthResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";

        await using var json = new Utf8JsonWriter(context.Response.Body, Options);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            if (entry.Description is { Length: > 0 } description)
                json.WriteString("description", description);
            if (entry.Data.Values.Any(IsPlain))
                WriteData(json, entry.Data);
            json.WriteStartArray("tags");
            foreach (var tag in entry.Tags)
                json.WriteStringValue(tag);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static bool IsPlain(object value) => value is int or long or bool or string;

    // Only plain values: anything structured (a library's own report) stays out.
    private static void WriteData(Utf8JsonWriter json, IReadOnlyDictionary<string, object> data)
    {
        json.WriteStartObject("data");
        foreach (var (key, value) in data.Where(d => IsPlain(d.Value)))
        {
            switch (value)
            {
                case int number:
                    json.WriteNumber(key, number);
                    break;
                case long number:
                    json.WriteNumber(key, number);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                case string text:
                    json.WriteString(key, text);
                    break;
                default:
                    break;
            }
        }

        json.WriteEndObject();
    }
}
