using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// Development only: the operator the demo runs as. The AppHost creates it through the Gateway's admin
/// API once the Gateway is ready, the sample agent makes its payments as that operator's agent, and the
/// dashboard gets its key with a one-time sign-in token, so the link the AppHost prints shows a newcomer
/// those payments. When it cannot be created, the agent creates an operator of its own and the dashboard
/// asks for a key, as without the AppHost.
/// </summary>
public sealed class DemoOperator
{
    private const int Attempts = 60;

    // Completed with the key, or with null when the operator could not be created.
    private readonly TaskCompletionSource<string?> _apiKey = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The dashboard's one-time sign-in token for this run: URL-safe, 256 random bits.</summary>
    public string SignInToken { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Creates the demo operator once <paramref name="gateway"/> is ready, with the administrator's key.</summary>
    public static DemoOperator CreateWhenReady(IResourceBuilder<ProjectResource> gateway, string adminApiKey)
    {
        var demo = new DemoOperator();
        var endpoint = gateway.GetEndpoint("http");
        gateway.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IndieGent.AppHost");
            var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            // Not awaited: the other resources' start never waits on this; what needs the key awaits it.
            _ = demo.CreateAsync(new Uri(endpoint.Url), adminApiKey, logger, stopping);
            return Task.CompletedTask;
        });
        return demo;
    }

    /// <summary>The operator's key once it exists; null when it could not be created.</summary>
    public Task<string?> ApiKeyAsync(CancellationToken ct) => _apiKey.Task.WaitAsync(ct);

    private async Task CreateAsync(Uri gateway, string adminApiKey, ILogger logger, CancellationToken ct)
    {
        try
        {
            var created = await PostAsync(gateway, adminApiKey, ct);
            logger.LogInformation("Created the demo operator {OperatorId}", created.Id);
            _apiKey.TrySetResult(created.ApiKey);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _apiKey.TrySetCanceled(ct);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not create the demo operator ({Error}); the demo agent creates its own and the dashboard asks for a key",
                e.Message);
            _apiKey.TrySetResult(null);
        }
    }

    private static async Task<OperatorCreated> PostAsync(Uri gateway, string adminApiKey, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/operators") { Content = JsonContent.Create(new { name = "demo-operator" }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminApiKey);
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                    return (await response.Content.ReadFromJsonAsync<OperatorCreated>(ct))!;
                // While the platform starts, the Gateway may answer 502/503/504 (a service behind it not reachable yet) or 429.
                if ((int)response.StatusCode is not (429 or 502 or 503 or 504) || attempt >= Attempts)
                    throw new InvalidOperationException($"POST /v1/operators answered {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested && attempt < Attempts)
            {
                // Not reachable yet, or too slow: asked again.
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    private sealed record OperatorCreated(Guid Id, string ApiKey);
}
