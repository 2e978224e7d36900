using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;

namespace IndieGent.Cli.Commands;

/// <summary>The curl-like options <c>fetch</c> and <c>marketplace call</c> share: -X, -d, -H.</summary>
public sealed class RequestOptions
{
    public Option<string?> Method { get; } = new("--method", "-X") { Description = "The HTTP method (default GET, or POST with -d)." };

    public Option<string?> Data { get; } = new("--data", "-d")
    {
        Description = "The request body: text, @file to send a file, @- to read standard input.",
    };

    public Option<string[]> Headers { get; } = new("--header", "-H")
    {
        Description = "A request header, 'Name: value'. Repeatable.",
        Arity = ArgumentArity.OneOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Method);
        command.Options.Add(Data);
        command.Options.Add(Headers);
    }

    /// <summary>The request: method, headers (content headers on the body), body.</summary>
    public HttpRequestMessage Build(ParseResult parse, Uri uri, CliHost host)
    {
        var data = parse.GetValue(Data);
        var method = parse.GetValue(Method) is { Length: > 0 } m ? new HttpMethod(m.ToUpperInvariant()) : data is null ? HttpMethod.Get : HttpMethod.Post;
        var request = new HttpRequestMessage(method, uri);
        if (data is not null)
        {
            var bytes = data switch
            {
                "@-" => Encoding.UTF8.GetBytes(host.Input.ReadToEnd()),
                ['@', .. var file] => File.Exists(file) ? File.ReadAllBytes(file) : throw CliException.Usage($"-d @{file}: no such file."),
                _ => Encoding.UTF8.GetBytes(data),
            };
            request.Content = new ByteArrayContent(bytes);
            // As curl does: a body without a Content-Type header is a form.
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        foreach (var header in parse.GetValue(Headers) ?? [])
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw CliException.Usage($"-H '{header}': a header is 'Name: value'.");
            var (name, value) = (header[..colon].Trim(), header[(colon + 1)..].Trim());
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                if (request.Content is null)
                    throw CliException.Usage($"-H '{name}': a content header needs a body (-d).");
                request.Content.Headers.Remove(name);
                if (!request.Content.Headers.TryAddWithoutValidation(name, value))
                    throw CliException.Usage($"-H '{header}' is not a valid header.");
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw CliException.Usage($"-H '{header}' is not a valid header.");
            }
        }

        return request;
    }
}
