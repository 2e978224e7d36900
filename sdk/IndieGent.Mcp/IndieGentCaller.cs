namespace IndieGent.Mcp;

/// <summary>The agent the tools act for: the Gateway it reaches and its API key (the caller of a Gateway request, or the CLI's login).</summary>
public interface IIndieGentCaller
{
    /// <summary>The Gateway's base URL.</summary>
    Uri Gateway { get; }

    /// <summary>The agent's API key; null when the request carries none.</summary>
    string? ApiKey { get; }
}

/// <summary>
/// The handlers every tool call shares (one connection pool each, not one per call): to the Gateway, and
/// to the paid APIs the agent fetches.
/// </summary>
/// <param name="Platform">Sends the tools' requests to the Gateway.</param>
/// <param name="PaidCalls">Sends <c>fetch_paid</c>'s requests (on a server: <see cref="PublicNetworkHandler"/>).</param>
public sealed record IndieGentHandlers(HttpMessageHandler Platform, HttpMessageHandler PaidCalls);
