using IndieGent.Mcp;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;

namespace IndieGent.Gateway.Api.Mcp;

/// <summary>Section <c>Mcp</c>: the Gateway's MCP endpoint.</summary>
public sealed class McpOptions
{
    public const string Section = "Mcp";

    /// <summary>The Gateway as the tools reach it (its public API, with the caller's key); default: this instance's own http address.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>Lets <c>fetch_paid</c> reach loopback and private networks (development and tests on one machine only).</summary>
    public bool AllowPrivateNetworks { get; set; }
}

/// <summary>
/// <c>/mcp</c>: IndieGent's tools for LLM agents over MCP's Streamable HTTP transport, stateless (any
/// instance answers any request), for agent keys only. Each tool acts for the calling agent through
/// this Gateway's public API with the caller's own key, so it can do exactly what the agent's code can.
/// </summary>
public static class McpEndpoint
{
    public static WebApplicationBuilder AddIndieGentMcp(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<McpOptions>().BindConfiguration(McpOptions.Section);
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<McpOptions>>().Value;
            return new IndieGentHandlers(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
                PublicNetworkHandler.Create(options.AllowPrivateNetworks));
        });
        builder.Services.AddSingleton<IIndieGentCaller, RequestCaller>();
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "indiegent", Version = typeof(McpEndpoint).Assembly.GetName().Version?.ToString() ?? "1.0" })
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<IndieGentTools>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIndieGentMcp(this IEndpointRouteBuilder app)
    {
        app.MapMcp("/mcp").RequireAuthorization(IdentityPolicies.Agent).WithTags("MCP");
        return app;
    }

    /// <summary>The agent of the current request: its bearer key, and this Gateway's address.</summary>
    private sealed class RequestCaller(IHttpContextAccessor http, IOptions<McpOptions> options, IServer server) : IIndieGentCaller
    {
        private Uri? _self;

        public Uri Gateway => options.Value.GatewayUrl ?? (_self ??= OwnAddress());

        public string? ApiKey => http.HttpContext?.Request.Headers.Authorization.ToString() is { } header &&
                                 header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

        private Uri OwnAddress()
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("The Gateway listens on no http address the MCP tools could call; set Mcp__GatewayUrl.");
            // A wildcard listen address is reached on this machine.
            var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal));
            return new Uri(uri.Uri.GetLeftPart(UriPartial.Authority) + "/");
        }
    }
}
