using System.Net;
using System.Net.Sockets;

namespace IndieGent.AppHost.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback port the OS considers free right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
