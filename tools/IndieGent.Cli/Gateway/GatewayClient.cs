using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IndieGent.Cli.Gateway;

/// <summary>
/// The public Gateway API with one API key: requests, problem documents turned into <see cref="CliException"/>s
/// with the right exit code. The CLI has no other way into the platform.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = Terminal.Json;

    public static string UserAgent { get; } = "indiegent-cli/" + IndieGentCli.Version;

    private readonly HttpClient _http;

    public GatewayClient(Uri gateway, string apiKey, TimeSpan? timeout = null)
    {
        BaseAddress = gateway;
        ApiKey = apiKey;
        _http = new HttpClient { BaseAddress = gateway, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public Uri BaseAddress { get; }

    public string ApiKey { get; }

    /// <summary>
    /// The gateway's address as the user gave it, checked: absolute http(s), and plain http only to this machine
    /// (the key spends money and must not cross a network in the clear).
    /// </summary>
    public static Uri ParseGateway(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw CliException.Usage($"'{text}' is not a gateway URL (for example https://api.indiegent.cloud).");
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            throw CliException.Usage($"{uri.Host} is reached over plain http, which would send the API key unencrypted: use https (http is only for this machine).");
        // Relative API paths resolve under the gateway's own path.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    public Task<Answer<T>> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, null, ct);

    public async Task<Answer<T>> SendAsync<T>(HttpMethod method, string path, object? body, Action<HttpRequestHeaders>? headers, CancellationToken ct)
    {
        using var request = Request(method, path, body, headers);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var json = response.Content.Headers.ContentLength == 0
            ? default
            : await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        var value = json.ValueKind == JsonValueKind.Undefined ? default! : json.Deserialize<T>(Json)!;
        return new Answer<T>(value, json, response.Headers);
    }

    /// <summary>Sends without reading a body (204 answers); a problem answer still throws.</summary>
    public async Task SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var request = Request(method, path, null, null);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        headers?.Invoke(request.Headers);
        return request;
    }

    /// <summary>The answer when it is a success; otherwise its problem as a <see cref="CliException"/> (the answer disposed).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw Failures.From(e, BaseAddress);
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await ProblemAsync(response, ct);
    }

    /// <summary>A failed answer as the CLI reports it.</summary>
    public static async Task<CliException> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ApiProblem? problem = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.TrimStart().StartsWith('{'))
                problem = JsonSerializer.Deserialize<ApiProblem>(text, Json);
        }
        catch (JsonException)
        {
            // Not a problem document: the status says it all.
        }

        var status = response.StatusCode;
        return new CliException(Failures.ExitCodeFor(status, problem), Failures.Describe(status, problem),
            problem ?? new ApiProblem(null, response.ReasonPhrase, (int)status, null));
    }

    /// <summary>What the key is: an operator's or an agent's (an unknown key is a <see cref="CliException"/> with exit code 3).</summary>
    public async Task<string> RoleAsync(CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, "v1/agents");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw Failures.From(e, BaseAddress);
        }

        using (response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.OK => Roles.Operator,
                HttpStatusCode.Forbidden => Roles.Agent,
                _ => throw await ProblemAsync(response, ct),
            };
        }
    }

    public void Dispose() => _http.Dispose();
}
