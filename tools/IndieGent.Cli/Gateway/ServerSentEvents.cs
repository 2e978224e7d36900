using System.Runtime.CompilerServices;
using System.Text;

namespace IndieGent.Cli.Gateway;

/// <summary>One server-sent event: its type and its data (lines joined).</summary>
public sealed record ServerSentEvent(string Type, string Data);

/// <summary>Reads a <c>text/event-stream</c> (the WHATWG rules the gateway's events need: event, data, comments, blank-line dispatch).</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var type = "";
        var data = new StringBuilder();
        var any = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                    yield return new ServerSentEvent(type.Length == 0 ? "message" : type, data.ToString());
                type = "";
                data.Clear();
                any = false;
                continue;
            }

            if (line[0] == ':')
                continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
                value = value[1..];
            switch (field)
            {
                case "event":
                    type = value;
                    any = true;
                    break;
                case "data":
                    if (data.Length > 0)
                        data.Append('\n');
                    data.Append(value);
                    any = true;
                    break;
            }
        }
    }
}
