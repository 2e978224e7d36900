using System.Net;

namespace IndieGent.Samples.Providers.Registration;

/// <summary>The Gateway refused a registration request; <see cref="Permanent"/> when sending it again cannot help.</summary>
public sealed class GatewayException(string message, HttpStatusCode status) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>A 4xx other than 404 (not deployed yet), 408 and 429: the request or the key is wrong.</summary>
    public bool Permanent => (int)Status is >= 400 and < 500 and not (404 or 408 or 429);
}
