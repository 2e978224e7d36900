using System.CommandLine;
using IndieGent.Cli.Gateway;
using IndieGent.Mcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IndieGent.Cli.Commands;

/// <summary>
/// <c>indiegent mcp</c>: IndieGent's MCP tools (fetch_paid, get_balance, list_payments, marketplace_search,
/// marketplace_call) over standard input and output, for a desktop assistant that starts it; they act for
/// the logged-in agent (or <c>INDIEGENT_URL</c> / <c>INDIEGENT_API_KEY</c>) through the Gateway.
/// </summary>
public static class McpCommand
{
    public static Command Build(CliContext cli)
    {
        var command = new Command("mcp",
            "Serve IndieGent's tools to an AI assistant over MCP (stdio): fetch_paid, get_balance, list_payments, marketplace_search, " +
            "marketplace_call, acting for the logged-in agent. Configure your assistant to run `indiegent mcp`.");
        cli.Action(command, async (_, session, ct) =>
        {
            var credentials = session.Credentials();
            if (await session.RoleAsync(ct) != Roles.Agent)
                throw new CliException(ExitCodes.NetworkOrAuth, "The MCP tools act for one agent: log in with an agent's key (igk_…), not an operator's.");

            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            // Standard output carries the protocol: anything the host says goes to standard error.
            builder.Logging.AddProvider(new ErrorLoggerProvider(session.Host.Error));
            builder.Services.AddSingleton<IIndieGentCaller>(new Caller(credentials.Gateway, credentials.ApiKey));
            // On the user's own machine the paid APIs may be anywhere it can reach, this machine included.
            builder.Services.AddSingleton(new IndieGentHandlers(new SocketsHttpHandler(), PublicNetworkHandler.Create(allowPrivateNetworks: true)));
            builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "indiegent", Version = IndieGentCli.Version })
                .WithStreamServerTransport(session.Host.StandardInput, session.Host.StandardOutput)
                .WithTools<IndieGentTools>();
            using var host = builder.Build();
            await host.RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Caller(Uri Gateway, string? ApiKey) : IIndieGentCaller;

    /// <summary>Warnings and errors of the MCP host, as lines on standard error.</summary>
    private sealed class ErrorLoggerProvider(TextWriter error) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Lines(error, categoryName);

        public void Dispose()
        {
        }

        private sealed class Lines(TextWriter error, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    error.WriteLine($"indiegent mcp: {logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
