using System.Net;
using System.Security.Cryptography;

namespace IndieGent.Testing.Platform;

/// <summary>
/// A chain RPC endpoint the way hosted providers serve one: the API key is a path segment
/// (<c>/v2/&lt;key&gt;</c>), and any other path is refused. Forwards JSON-RPC to the real chain, so
/// a platform configured with <see cref="Url"/> works only if it sends the key, and a redaction
/// test can look for <see cref="Key"/> everywhere.
/// </summary>
public sealed class KeyedRpcEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _chain = new();
    private readonly Uri _target;
    private readonly Task _serving;

    public KeyedRpcEndpoint(string chainRpcUrl)
    {
        _target = new Uri(chainRpcUrl);
        var port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = $"http://127.0.0.1:{port}/v2/{Key}";
        _serving = ServeAsync();
    }

    /// <summary>The secret path segment.</summary>
    public string Key { get; } = "rpckey" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The URL with the key, as an operator configures it.</summary>
    public string Url { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(context);
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        try
        {
            if (context.Request.HttpMethod != "POST" || context.Request.Url?.AbsolutePath != $"/v2/{Key}")
            {
                response.StatusCode = (int)HttpStatusCode.Unauthorized;
                return;
            }

            using var request = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(request);
            using var body = new ByteArrayContent(request.ToArray());
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var answer = await _chain.PostAsync(_target, body);
            var bytes = await answer.Content.ReadAsByteArrayAsync();
            response.StatusCode = (int)answer.StatusCode;
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
        catch (Exception e) when (e is HttpRequestException or HttpListenerException or IOException)
        {
            response.StatusCode = (int)HttpStatusCode.BadGateway;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        _chain.Dispose();
    }
}
